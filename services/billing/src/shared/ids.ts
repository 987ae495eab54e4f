import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe-looking ids (`cs_local_...`): letters and digits only. */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  return `${prefix}${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

/** The same id for the same parts, e.g. one Stripe event per local checkout session. */
export function derivedId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return `${prefix}${Array.from(digest.subarray(0, 24), (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

/** 128 random bits as 32 hex digits: an unguessable local session id (`bps_local_...`). */
export function secretId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/**
 * The same id for the same parts, unguessable without the key: 128 bits of HMAC-SHA256 as 32
 * hex digits. For ids that are credentials but must stay idempotent (a local checkout session).
 */
export function keyedId(prefix: string, key: string, ...parts: string[]): string {
  return `${prefix}${createHmac('sha256', key).update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

/** Constant-time comparison of two tokens (false when the lengths differ). */
export function sameToken(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
