import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const encode = (bytes: Uint8Array) => Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');

/** A fresh id such as `c_3fK...` (letters and digits: safe in ids, subjects and sort keys). */
export const newId = (prefix: string, length = 20): string => `${prefix}${encode(randomBytes(length))}`;

/** The same id for the same parts: what makes a retried automation write the same row. */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}${encode(createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 20))}`;
}
