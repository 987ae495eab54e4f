import { ErrorCode, ServiceError } from '@tasksensei/contracts';
import type { Account, AccountRepository } from './account.repository.js';
import { normaliseEmail } from './credentials-policy.js';
import type { LoginThrottleRepository, ThrottlePolicy } from './login-throttle.repository.js';
import { DUMMY_HASH, verifyPassword } from './password-hasher.js';

export interface LoginPolicies {
  readonly account: ThrottlePolicy;
  readonly address: ThrottlePolicy;
}

/**
 * Password login with brute-force protection. The answer and its timing are the same whether
 * or not the account exists: a missing account still costs one scrypt verification.
 */
export class LoginUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly policies: LoginPolicies,
  ) {}

  /** The account, or undefined for wrong credentials; throws RATE_LIMITED while locked. */
  async execute(rawEmail: string, password: string, clientAddress: string): Promise<Account | undefined> {
    const email = normaliseEmail(rawEmail).slice(0, 254);
    const keys = { account: `acct#${email}`, address: `ip#${clientAddress}` };
    const locked = Math.max(await this.throttle.lockedFor(keys.account), await this.throttle.lockedFor(keys.address));
    if (locked > 0) throw tooMany(locked);

    const account = await this.accounts.findByEmail(email);
    const valid = await verifyPassword(password.slice(0, 1_024), account?.passwordHash ?? DUMMY_HASH);
    if (account && valid) return account;

    const lockedNow = Math.max(
      await this.throttle.recordFailure(keys.account, this.policies.account),
      await this.throttle.recordFailure(keys.address, this.policies.address),
    );
    if (lockedNow > 0) throw tooMany(lockedNow);
    return undefined;
  }
}

const tooMany = (seconds: number) =>
  new ServiceError(ErrorCode.RateLimited, 'Too many failed sign-in attempts. Try again later.', undefined, seconds);
