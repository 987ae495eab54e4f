import { STRONG_PASSWORD, authorize, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

describe('brute force on the login form', () => {
  it('locks the account after repeated failures (429 with Retry-After), refuses even the right password, then lets it in', async () => {
    const gateway = testStack().gatewayUrl;
    const email = uniqueEmail('brute');
    await signUp(gateway, email);

    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 20; i++) {
      const attempt = await authorize(gateway, email, `wrong password number ${i}`);
      statuses.push(attempt.status);
      if (attempt.status === 429) retryAfter ??= attempt.headers.get('retry-after');
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    const whileLocked = await authorize(gateway, email, STRONG_PASSWORD);
    expect(whileLocked.status).toBe(429);
    expect(whileLocked.code).toBeUndefined();

    // The test stack locks for 3 s (LOGIN_LOCK_SECONDS); production defaults to 15 minutes.
    await expectEventually(async () => expect((await authorize(gateway, email, STRONG_PASSWORD)).code).toBeDefined(), 10_000, 500);
  }, 60_000);
});
