import { ErrorCode } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { InMemoryAccountRepository } from '../accounts/in-memory.account.repository.js';
import { InMemoryLoginThrottleRepository } from '../accounts/in-memory.login-throttle.repository.js';
import { hashPassword } from '../accounts/password-hasher.js';
import { SignInThrottle } from '../accounts/sign-in-throttle.js';
import { LoginUseCase } from './login.usecase.js';

const PASSWORD = 'correct horse battery staple 42';
const LOCK = { maxFailures: 3, windowSeconds: 900, lockSeconds: 60 };

async function setup() {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const accounts = new InMemoryAccountRepository();
  await accounts.create({
    userId: 'u-1',
    email: 'ada@example.com',
    passwordHash: await hashPassword(PASSWORD),
    createdAt: clock.now().toISOString(),
  });
  const throttle = new SignInThrottle({
    store: new InMemoryLoginThrottleRepository({ clock }),
    policy: { pair: LOCK, address: { ...LOCK, maxFailures: 100 }, accountDelayAfter: 50, accountDelayMaxMs: 2_000 },
    clock,
  });
  return { clock, login: new LoginUseCase({ accounts, throttle }) };
}

const rateLimited = expect.objectContaining({ code: ErrorCode.RateLimited });

describe('login', () => {
  it('answers the account for the right password, whatever the case of the address', async () => {
    const { login } = await setup();
    await expect(login.execute('ADA@example.com', PASSWORD, '203.0.113.9')).resolves.toEqual(expect.objectContaining({ userId: 'u-1' }));
  });

  it('answers nothing, the same way, for a wrong password and for an unknown account', async () => {
    const { login } = await setup();
    await expect(login.execute('ada@example.com', 'wrong horse battery staple', '203.0.113.9')).resolves.toBeUndefined();
    await expect(login.execute('nobody@example.com', PASSWORD, '203.0.113.9')).resolves.toBeUndefined();
  });

  it('locks the guessing pair after the failures, refuses even the right password then, and lets it in once the lock has run out', async () => {
    const { clock, login } = await setup();
    await login.execute('ada@example.com', 'guess one two three', '203.0.113.9');
    await login.execute('ada@example.com', 'guess four five six', '203.0.113.9');
    await expect(login.execute('ada@example.com', 'guess seven eight', '203.0.113.9')).rejects.toEqual(rateLimited);
    await expect(login.execute('ada@example.com', PASSWORD, '203.0.113.9')).rejects.toEqual(rateLimited);
    // The owner elsewhere is not locked out.
    await expect(login.execute('ada@example.com', PASSWORD, '198.51.100.7')).resolves.toEqual(expect.objectContaining({ userId: 'u-1' }));

    clock.advance(59_000);
    await expect(login.execute('ada@example.com', PASSWORD, '203.0.113.9')).rejects.toEqual(rateLimited);
    clock.advance(1_000);
    await expect(login.execute('ada@example.com', PASSWORD, '203.0.113.9')).resolves.toEqual(expect.objectContaining({ userId: 'u-1' }));
  });
});
