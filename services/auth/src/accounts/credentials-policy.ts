import commonPasswords from 'fxa-common-password-list';
import type { FieldError } from '@tasksensei/contracts';
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 10;

/** Lower-cased, trimmed, Unicode-normalised: one account per mailbox however it is typed. */
export function normaliseEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

const EmailSchema = z.email().max(254);

export function emailProblems(email: string): FieldError[] {
  return EmailSchema.safeParse(email).success ? [] : [{ path: 'email', message: 'must be a valid email address' }];
}

export function passwordProblems(password: string, email: string): FieldError[] {
  const problems: FieldError[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push({ path: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
  if (password.length > 256) problems.push({ path: 'password', message: 'must be at most 256 characters' });
  const lowered = password.toLowerCase();
  if (commonPasswords.test(password) || commonPasswords.test(lowered)) {
    problems.push({ path: 'password', message: 'is too common; choose a less guessable one' });
  } else if (/^(.)\1+$/.test(password) || lowered === email || lowered === email.split('@')[0]) {
    problems.push({ path: 'password', message: 'is too easy to guess' });
  }
  return problems;
}
