import { randomUUID } from 'node:crypto';
import { AuthError, UserRegisteredEvent, type SignupRequest } from '@tasksensei/contracts';
import type { Clock, EventPublisher } from '@tasksensei/platform';
import { EmailTakenError, type AccountRepository } from '../accounts/account.repository.js';
import { emailProblems, normaliseEmail, passwordProblems } from '../accounts/credentials-policy.js';
import { hashPassword } from '../accounts/password-hasher.js';
import type { SendVerification } from '../verify-email/send-verification.js';
import { publishVerified } from '../verify-email/verify-email.usecase.js';

export interface SignupDeps {
  readonly accounts: Pick<AccountRepository, 'create'>;
  readonly publisher: Pick<EventPublisher, 'publish'>;
  /** Absent with an external issuer, which verifies addresses itself. */
  readonly verification?: Pick<SendVerification, 'send'>;
  readonly clock: Clock;
}

/**
 * Creates an account, announces it (`user.registered`) so the users service makes the profile,
 * and mails the link that verifies its address.
 */
export class SignupUseCase {
  constructor(private readonly deps: SignupDeps) {}

  /** `address`: the client's, named in the verification mail when known. */
  async execute(request: SignupRequest, from: { readonly address?: string } = {}): Promise<{ userId: string }> {
    const now = this.deps.clock.now();
    const email = normaliseEmail(request.email);
    const problems = [...emailProblems(email), ...passwordProblems(request.password, email)];
    if (problems.length) throw new AuthError('SIGNUP_INVALID', 'The sign-up details are not acceptable.', problems);

    const userId = randomUUID();
    try {
      await this.deps.accounts.create({
        userId,
        email,
        passwordHash: await hashPassword(request.password),
        ...(request.displayName ? { displayName: request.displayName } : {}),
        createdAt: now.toISOString(),
      });
    } catch (error) {
      if (error instanceof EmailTakenError) throw new AuthError('EMAIL_TAKEN', 'An account with this email already exists.');
      throw error;
    }
    await this.announce(userId, email, request.displayName);
    await this.deps.verification?.send(userId, email, 'signup', { at: now, ...from });
    return { userId };
  }

  /** An address proved at creation (an upstream identity provider vouched for it). */
  async announceVerified(userId: string, email: string): Promise<void> {
    await publishVerified(this.deps.publisher, userId, email, this.deps.clock.now());
  }

  /** The event id is derived from the user id, so a retried publish is deduplicated by JetStream. */
  async announce(userId: string, email: string, displayName?: string): Promise<void> {
    await this.deps.publisher.publish(UserRegisteredEvent, {
      id: `user.registered:${userId}`,
      type: 'user.registered',
      occurredAt: this.deps.clock.now().toISOString(),
      data: { userId, email, ...(displayName ? { displayName } : {}) },
    });
  }
}
