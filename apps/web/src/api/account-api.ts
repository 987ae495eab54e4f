import type { Api } from './client.js';

export interface SecurityStatus {
  readonly email: string;
  readonly emailVerified: boolean;
  readonly totpEnabled: boolean;
  readonly recoveryCodesLeft: number;
  readonly hasPassword: boolean;
}

export interface AccountSession {
  readonly sessionId: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly userAgent?: string;
  readonly current: boolean;
}

/** API.md "Account recovery" and `/account/*` (password, two-factor, sessions, email). */
export class AccountApi {
  constructor(private readonly api: Api) {}

  security = () => this.api.call<SecurityStatus>('GET', '/account/security');
  changePassword = (currentPassword: string, newPassword: string) =>
    this.api.call<void>('POST', '/account/password', { currentPassword, newPassword });
  resendVerification = () => this.api.call<void>('POST', '/account/verify-email/resend');
  startTotp = () => this.api.call<{ secret: string; otpauthUrl: string }>('POST', '/account/mfa/totp');
  enableTotp = (code: string) => this.api.call<{ recoveryCodes: string[] }>('POST', '/account/mfa/totp/enable', { code });
  disableTotp = (code: string) => this.api.call<void>('DELETE', '/account/mfa/totp', { code });
  sessions = () => this.api.call<AccountSession[]>('GET', '/account/sessions');
  revokeSession = (sessionId: string) => this.api.call<void>('DELETE', `/account/sessions/${encodeURIComponent(sessionId)}`);

  // Public: the proof is the token from the mail.
  forgotPassword = (email: string) => this.api.call<void>('POST', '/password/forgot', { email }, false);
  resetPassword = (token: string, password: string) => this.api.call<void>('POST', '/password/reset', { token, password }, false);
  verifyEmail = (token: string) => this.api.call<void>('POST', '/account/verify-email', { token }, false);
}
