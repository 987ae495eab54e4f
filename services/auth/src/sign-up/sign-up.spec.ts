import { ErrorCode } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { InMemoryAccountRepository } from '../accounts/in-memory.account.repository.js';
import { verifyPassword } from '../accounts/password-hasher.js';
import type { Requester } from '../mail/mail-templates.js';
import { InMemoryEventPublisher } from '../testing/in-memory.event-publisher.js';
import { SignupUseCase } from './sign-up.usecase.js';

const PASSWORD = 'correct horse battery staple 42';

function setup() {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const accounts = new InMemoryAccountRepository();
  const publisher = new InMemoryEventPublisher();
  const mailed: { userId: string; email: string; reason: string; requester: Requester }[] = [];
  const verification = {
    send: (userId: string, email: string, reason: 'signup' | 'change' | 'resend', requester: Requester) =>
      Promise.resolve(void mailed.push({ userId, email, reason, requester })),
  };
  return { clock, accounts, publisher, mailed, signup: new SignupUseCase({ accounts, publisher, verification, clock }) };
}

describe('sign-up', () => {
  it("creates the account at the clock's time, announces it and mails the verification link", async () => {
    const { clock, accounts, publisher, mailed, signup } = setup();
    const { userId } = await signup.execute(
      { email: ' Ada@Example.com ', password: PASSWORD, displayName: 'Ada' },
      { address: '203.0.113.9' },
    );

    const account = await accounts.findById(userId);
    expect(account).toEqual(
      expect.objectContaining({ email: 'ada@example.com', displayName: 'Ada', createdAt: '2026-11-29T12:00:00.000Z' }),
    );
    expect(account?.emailVerified).toBeUndefined();
    await expect(verifyPassword(PASSWORD, account!.passwordHash!)).resolves.toBe(true);
    expect(publisher.ofType('user.registered')).toEqual([
      {
        id: `user.registered:${userId}`,
        type: 'user.registered',
        occurredAt: '2026-11-29T12:00:00.000Z',
        data: { userId, email: 'ada@example.com', displayName: 'Ada' },
      },
    ]);
    expect(mailed).toEqual([
      { userId, email: 'ada@example.com', reason: 'signup', requester: { at: clock.now(), address: '203.0.113.9' } },
    ]);
  });

  it('refuses unacceptable details with the problems, and creates nothing', async () => {
    const { accounts, publisher, mailed, signup } = setup();
    await expect(signup.execute({ email: 'not-an-address', password: 'short' })).rejects.toEqual(
      expect.objectContaining({
        code: ErrorCode.ValidationFailed,
        errors: expect.arrayContaining([expect.objectContaining({ path: 'email' }), expect.objectContaining({ path: 'password' })]),
      }),
    );
    expect(await accounts.findByEmail('not-an-address')).toBeUndefined();
    expect(publisher.events).toEqual([]);
    expect(mailed).toEqual([]);
  });

  it('refuses a second account for the same address (in any case) without announcing it', async () => {
    const { publisher, mailed, signup } = setup();
    await signup.execute({ email: 'ada@example.com', password: PASSWORD });
    await expect(signup.execute({ email: 'ADA@example.com', password: PASSWORD })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.Conflict }),
    );
    expect(publisher.ofType('user.registered')).toHaveLength(1);
    expect(mailed).toHaveLength(1);
  });

  it("announces an address an upstream vouched for as verified, at the clock's time", async () => {
    const { clock, publisher, signup } = setup();
    clock.advance(60_000);
    await signup.announceVerified('u-1', 'ada@example.com');
    expect(publisher.ofType('user.email-verified')).toEqual([
      expect.objectContaining({
        occurredAt: '2026-11-29T12:01:00.000Z',
        data: { userId: 'u-1', email: 'ada@example.com', verifiedAt: '2026-11-29T12:01:00.000Z' },
      }),
    ]);
  });
});
