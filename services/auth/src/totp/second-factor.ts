import { createHash, randomBytes } from 'node:crypto';
import { verify } from 'otplib';
import type { Account, AccountRepository } from '../accounts/account.repository.js';

/** RFC 6238 as authenticator apps use it: SHA-1, 6 digits, 30 s; one step of clock drift either way. */
export const TOTP = { algorithm: 'sha1', digits: 6, period: 30 } as const;
const TOLERANCE_SECONDS = 30;

export const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Ten codes like `7fk2-9qmc-x4`: 50 random bits each, easy to read out and type. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
  });
}

/** A TOTP code for `secret` now (or within the drift), not used before; records its step so it is never accepted twice. */
export async function acceptTotp(accounts: AccountRepository, account: Account, secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({ secret, token: code, ...TOTP, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid || !('timeStep' in result)) return false;
  return accounts.useTotpStep(account.userId, result.timeStep);
}

/**
 * The second factor at sign-in (and to turn it off): a current TOTP code, or one of the unused
 * recovery codes, which is then spent.
 */
export async function acceptSecondFactor(accounts: AccountRepository, account: Account, rawCode: string): Promise<boolean> {
  const code = rawCode.trim().slice(0, 32);
  if (!account.totp?.enabled) return false;
  if (/^\d{6}$/.test(code.replace(/\s/g, ''))) return acceptTotp(accounts, account, account.totp.secret, code.replace(/\s/g, ''));
  if (normaliseRecoveryCode(code).length !== 10) return false;
  return accounts.useRecoveryCode(account.userId, hashRecoveryCode(code));
}
