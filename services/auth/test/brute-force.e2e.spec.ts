import { STRONG_PASSWORD, authorize, fetchFrom, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

/**
 * Guessing is throttled per (account, client address) pair, so a stranger's wrong passwords lock
 * the stranger out, never the owner (issue 11, targeted lockout). The gateway sees the test's
 * connections from 127.0.0.2 as another client than those from 127.0.0.1.
 */
describe('brute force on the login form', () => {
  it('locks the guessing address out of the account (429 with Retry-After, even with the right password), then lets it in again', async () => {
    const gateway = testStack().gatewayUrl;
    const email = uniqueEmail('brute');
    await signUp(gateway, email);
    const attacker = { fetch: await fetchFrom('127.0.0.2') };

    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const attempt = await authorize(gateway, email, `wrong password number ${i}`, undefined, attacker);
      statuses.push(attempt.status);
      if (attempt.status === 429) retryAfter ??= attempt.headers.get('retry-after');
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    const whileLocked = await authorize(gateway, email, STRONG_PASSWORD, undefined, attacker);
    expect(whileLocked.status).toBe(429);
    expect(whileLocked.code).toBeUndefined();

    // The test stack locks for 3 s (LOGIN_LOCK_SECONDS); production defaults to 15 minutes.
    await expectEventually(
      async () => expect((await authorize(gateway, email, STRONG_PASSWORD, undefined, attacker)).code).toBeDefined(),
      15_000,
      500,
    );
  }, 90_000);

  it('ten wrong passwords from elsewhere do not lock the owner out', async () => {
    const gateway = testStack().gatewayUrl;
    const email = uniqueEmail('victim');
    await signUp(gateway, email);
    const stranger = { fetch: await fetchFrom('127.0.0.3') };
    for (let i = 0; i < 11; i++) await authorize(gateway, email, `a stranger's guess ${i}`, undefined, stranger);
    expect((await authorize(gateway, email, STRONG_PASSWORD, undefined, stranger)).status).toBe(429);

    // The owner, from their own address, gets in at once (only slowed, never refused).
    const owner = await authorize(gateway, email, STRONG_PASSWORD);
    expect(owner.status).not.toBe(429);
    expect(owner.code).toBeDefined();
  }, 90_000);
});
