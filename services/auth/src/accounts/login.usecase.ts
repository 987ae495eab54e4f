import type { Account, AccountRepository } from './account.repository.js';
import { normaliseEmail } from './credentials-policy.js';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './password-hasher.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/**
 * Password login with brute-force protection. The answer and its timing are the same whether
 * or not the account exists: a missing account still costs one hash verification. A hash of an
 * older scheme is replaced by the current one at a successful sign-in.
 */
export class LoginUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly throttle: SignInThrottle,
  ) {}

  /** The account, or undefined for wrong credentials; throws RATE_LIMITED while locked. */
  async execute(rawEmail: string, password: string, clientAddress: string): Promise<Account | undefined> {
    const email = normaliseEmail(rawEmail).slice(0, 254);
    await this.throttle.before('password', email, clientAddress);

    const account = await this.accounts.findByEmail(email);
    const candidate = password.slice(0, 1_024);
    const valid = await verifyPassword(candidate, account?.passwordHash ?? DUMMY_HASH);
    if (account?.passwordHash && valid) {
      if (needsRehash(account.passwordHash)) await this.accounts.update(account.userId, { passwordHash: await hashPassword(candidate) });
      return account;
    }
    await this.throttle.failed('password', email, clientAddress);
    return undefined;
  }
}
