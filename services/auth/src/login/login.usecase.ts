import type { Account, AccountRepository } from '../accounts/account.repository.js';
import { normaliseEmail } from '../accounts/credentials-policy.js';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from '../accounts/password-hasher.js';
import type { SignInThrottle } from '../accounts/sign-in-throttle.js';

export interface LoginDeps {
  readonly accounts: Pick<AccountRepository, 'findByEmail' | 'update'>;
  readonly throttle: Pick<SignInThrottle, 'before' | 'failed'>;
}

/**
 * Password login with brute-force protection. The answer and its timing are the same whether
 * or not the account exists: a missing account still costs one hash verification. A hash of an
 * older scheme is replaced by the current one at a successful sign-in.
 */
export class LoginUseCase {
  constructor(private readonly deps: LoginDeps) {}

  /** The account, or undefined for wrong credentials; throws RATE_LIMITED while locked. */
  async execute(rawEmail: string, password: string, clientAddress: string): Promise<Account | undefined> {
    const email = normaliseEmail(rawEmail).slice(0, 254);
    await this.deps.throttle.before('password', email, clientAddress);

    const account = await this.deps.accounts.findByEmail(email);
    const candidate = password.slice(0, 1_024);
    const valid = await verifyPassword(candidate, account?.passwordHash ?? DUMMY_HASH);
    if (account?.passwordHash && valid) {
      if (needsRehash(account.passwordHash))
        await this.deps.accounts.update(account.userId, { passwordHash: await hashPassword(candidate) });
      return account;
    }
    await this.deps.throttle.failed('password', email, clientAddress);
    return undefined;
  }
}
