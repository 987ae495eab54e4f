import { AuthError } from '@tasksensei/contracts';
import { generateSecret, generateURI } from 'otplib';
import type { AccountRepository } from '../accounts/account.repository.js';
import type { SignInThrottle } from '../accounts/sign-in-throttle.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';
import type { Clock } from '@tasksensei/platform';
import { TOTP, acceptSecondFactor, acceptTotp, hashRecoveryCode, newRecoveryCodes } from './second-factor.js';

const ISSUER = 'TaskSensei';

export interface TotpDeps {
  readonly accounts: AccountRepository;
  readonly throttle: SignInThrottle;
  readonly mail: MailQueue;
  readonly clock: Clock;
}

/** `/account/mfa/totp`: enrol (secret + QR), confirm with a code (recovery codes), turn off with a code. */
export class TotpUseCase {
  constructor(private readonly deps: TotpDeps) {}

  async start(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const account = await this.account(userId);
    if (account.totp?.enabled)
      throw new AuthError('TOTP_ALREADY_ENABLED', 'Two-factor sign-in is already on. Turn it off first to enrol a new app.');
    const secret = generateSecret();
    await this.deps.accounts.update(userId, { totp: { secret, enabled: false } });
    return {
      secret,
      otpauthUrl: generateURI({
        issuer: ISSUER,
        label: account.email,
        secret,
        algorithm: TOTP.algorithm,
        digits: TOTP.digits,
        period: TOTP.period,
      }),
    };
  }

  async enable(userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    const account = await this.account(userId);
    if (!account.totp || account.totp.enabled)
      throw new AuthError('TOTP_ENROLMENT_NOT_STARTED', 'Start the enrolment first (POST /account/mfa/totp).');
    await this.deps.throttle.before('mfa-manage', userId, 'any');
    if (!(await acceptTotp(this.deps.accounts, account, account.totp.secret, code))) {
      await this.deps.throttle.failed('mfa-manage', userId, 'any');
      throw wrongCode();
    }
    const recoveryCodes = newRecoveryCodes();
    const fresh = await this.account(userId);
    await this.deps.accounts.update(userId, {
      totp: { ...fresh.totp!, enabled: true },
      recoveryCodes: new Set(recoveryCodes.map(hashRecoveryCode)),
    });
    this.deps.mail.enqueue(MailTemplates.twoFactorChanged(account.email, true, { at: this.deps.clock.now() }));
    return { recoveryCodes };
  }

  async disable(userId: string, code: string): Promise<{ disabled: true }> {
    const account = await this.account(userId);
    if (!account.totp?.enabled) throw new AuthError('TOTP_NOT_ENABLED', 'Two-factor sign-in is not on.');
    await this.deps.throttle.before('mfa-manage', userId, 'any');
    if (!(await acceptSecondFactor(this.deps.accounts, account, code))) {
      await this.deps.throttle.failed('mfa-manage', userId, 'any');
      throw wrongCode();
    }
    await this.deps.accounts.update(userId, { totp: null, recoveryCodes: null });
    this.deps.mail.enqueue(MailTemplates.twoFactorChanged(account.email, false, { at: this.deps.clock.now() }));
    return { disabled: true };
  }

  async status(userId: string) {
    const account = await this.account(userId);
    return {
      email: account.email,
      emailVerified: account.emailVerified === true,
      totpEnabled: account.totp?.enabled === true,
      recoveryCodesLeft: account.totp?.enabled ? (account.recoveryCodes?.size ?? 0) : 0,
      hasPassword: !!account.passwordHash,
    };
  }

  private async account(userId: string) {
    const account = await this.deps.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    return account;
  }
}

const wrongCode = () =>
  new AuthError('TOTP_CODE_INVALID', 'The code is not right.', [{ path: 'code', message: 'is not right (or was used already)' }]);
