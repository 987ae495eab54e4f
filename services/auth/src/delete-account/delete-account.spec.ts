import { ErrorCode, ServiceError } from '@tasksensei/contracts';
import { TestClock, type EventPublisher } from '@tasksensei/platform';
import type { LoginThrottleRepository } from '../accounts/login-throttle.repository.js';
import { hashPassword } from '../accounts/password-hasher.js';
import type { AccountClosureRepository, ClosableAccount } from './account-closure.repository.js';
import { DeleteAccountUseCase } from './delete-account.usecase.js';
import type { FreshSignInVerifier } from './fresh-sign-in.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const POLICY = { maxFailures: 3, windowSeconds: 900, lockSeconds: 60 };

async function setup(account: Omit<ClosableAccount, 'passwordHash'> & { password?: string }, fresh = false) {
  const stored: ClosableAccount = { ...account, ...(account.password ? { passwordHash: await hashPassword(account.password) } : {}) };
  const closed: string[] = [];
  const published: unknown[] = [];
  let failures = 0;
  let lockedFor = 0;
  const accounts = {
    find: (userId: string) => Promise.resolve(userId === stored.userId ? stored : undefined),
    close: (a: ClosableAccount) => Promise.resolve(void closed.push(a.userId)),
  } as unknown as AccountClosureRepository;
  const throttle = {
    lockedFor: () => Promise.resolve(lockedFor),
    recordFailure: () => Promise.resolve(++failures >= POLICY.maxFailures ? POLICY.lockSeconds : 0),
  } as unknown as LoginThrottleRepository;
  const freshSignIn: FreshSignInVerifier = {
    verify: (token, userId) => Promise.resolve(fresh && token === 'id-token' && userId === stored.userId),
  };
  const publisher = { publish: (_c: unknown, event: unknown) => Promise.resolve(void published.push(event)) } as unknown as EventPublisher;
  const revoked: string[] = [];
  const sessions = { revokeAllSessions: (userId: string) => Promise.resolve(revoked.push(userId)) };
  const useCase = new DeleteAccountUseCase({
    accounts,
    throttle,
    throttlePolicy: POLICY,
    freshSignIn,
    publisher,
    clock: new TestClock(NOW),
    sessions,
  });
  return { useCase, closed, published, revoked, failures: () => failures, lock: (seconds: number) => (lockedFor = seconds) };
}

/** Each case hashes and verifies scrypt passwords, slow on a busy machine. */
const SCRYPT_MS = 30_000;

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof ServiceError ? { code: e.code, paths: e.errors?.map((f) => f.path) } : e),
  );

describe('DELETE /account in auth', () => {
  const base = { userId: 'u-1', email: 'a@example.com', createdAt: NOW.toISOString() };

  it(
    'closes the account, ends every session and publishes user.deleted once the password is right',
    async () => {
      const { useCase, closed, published, revoked } = await setup({ ...base, password: 'correct horse battery staple' });
      await expect(useCase.execute('u-1', { password: 'correct horse battery staple' })).resolves.toEqual({
        userId: 'u-1',
        deletionRequestedAt: NOW.toISOString(),
      });
      expect(closed).toEqual(['u-1']);
      expect(revoked).toEqual(['u-1']);
      expect(published).toEqual([{ id: 'user.deleted:u-1', type: 'user.deleted', occurredAt: NOW.toISOString(), data: { userId: 'u-1' } }]);
    },
    SCRYPT_MS,
  );

  it(
    'refuses a wrong or missing password with 403 on the password field, counts it, and changes nothing',
    async () => {
      const { useCase, closed, published, failures, revoked } = await setup({ ...base, password: 'correct horse battery staple' });
      expect(await codeOf(useCase.execute('u-1', { password: 'guess' }))).toEqual({ code: ErrorCode.Forbidden, paths: ['password'] });
      expect(await codeOf(useCase.execute('u-1', {}))).toEqual({ code: ErrorCode.Forbidden, paths: ['password'] });
      expect(failures()).toBe(2);
      expect(closed).toEqual([]);
      expect(revoked).toEqual([]);
      expect(published).toEqual([]);
    },
    SCRYPT_MS,
  );

  it(
    'locks after repeated wrong passwords, and refuses even the right one while locked',
    async () => {
      const { useCase, lock } = await setup({ ...base, password: 'correct horse battery staple' });
      await codeOf(useCase.execute('u-1', { password: 'one' }));
      await codeOf(useCase.execute('u-1', { password: 'two' }));
      expect(await codeOf(useCase.execute('u-1', { password: 'three' }))).toEqual({ code: ErrorCode.RateLimited, paths: undefined });
      lock(60);
      expect(await codeOf(useCase.execute('u-1', { password: 'correct horse battery staple' }))).toEqual({
        code: ErrorCode.RateLimited,
        paths: undefined,
      });
    },
    SCRYPT_MS,
  );

  it(
    'takes a fresh sign-in (ID token) for an account without a password, and nothing else',
    async () => {
      const federated = { ...base, federatedId: 'google|123' };
      const stale = await setup(federated, false);
      expect(await codeOf(stale.useCase.execute('u-1', { idToken: 'id-token' }))).toEqual({
        code: ErrorCode.Forbidden,
        paths: ['idToken'],
      });
      expect(await codeOf(stale.useCase.execute('u-1', { password: 'anything' }))).toEqual({
        code: ErrorCode.Forbidden,
        paths: ['idToken'],
      });
      expect(stale.failures()).toBe(0);
      const fresh = await setup(federated, true);
      await expect(fresh.useCase.execute('u-1', { idToken: 'id-token' })).resolves.toEqual(expect.objectContaining({ userId: 'u-1' }));
      expect(fresh.closed).toEqual(['u-1']);
    },
    SCRYPT_MS,
  );

  it(
    'answers an unknown caller 404',
    async () => {
      const { useCase } = await setup({ ...base, password: 'correct horse battery staple' });
      expect(await codeOf(useCase.execute('someone-else', { password: 'x' }))).toEqual({ code: ErrorCode.NotFound, paths: undefined });
    },
    SCRYPT_MS,
  );
});
