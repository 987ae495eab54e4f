import { randomUUID } from 'node:crypto';
import { AuthError, UserRegisteredEvent, type SignupRequest } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import { EmailTakenError, type AccountRepository } from './account.repository.js';
import { emailProblems, normaliseEmail, passwordProblems } from './credentials-policy.js';
import type { Requester } from '../mail/mail-templates.js';
import type { SendVerification } from '../verify-email/send-verification.js';
import { publishVerified } from '../verify-email/verify-email.usecase.js';
import { hashPassword } from './password-hasher.js';

/**
 * Creates an account, announces it (`user.registered`) so the users service makes the profile,
 * and mails the link that verifies its address.
 */
export class SignupUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
    private readonly verification?: SendVerification,
  ) {}

  async execute(request: SignupRequest, requester: Requester = { at: new Date() }): Promise<{ userId: string }> {
    const email = normaliseEmail(request.email);
    const problems = [...emailProblems(email), ...passwordProblems(request.password, email)];
    if (problems.length) throw new AuthError('SIGNUP_INVALID', 'The sign-up details are not acceptable.', problems);

    const userId = randomUUID();
    try {
      await this.accounts.create({
        userId,
        email,
        passwordHash: await hashPassword(request.password),
        ...(request.displayName ? { displayName: request.displayName } : {}),
        createdAt: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof EmailTakenError) throw new AuthError('EMAIL_TAKEN', 'An account with this email already exists.');
      throw error;
    }
    await this.announce(userId, email, request.displayName);
    await this.verification?.send(userId, email, 'signup', requester);
    return { userId };
  }

  /** An address proved at creation (an upstream identity provider vouched for it). */
  async announceVerified(userId: string, email: string): Promise<void> {
    await publishVerified(this.publisher, userId, email, new Date());
  }

  /** The event id is derived from the user id, so a retried publish is deduplicated by JetStream. */
  async announce(userId: string, email: string, displayName?: string): Promise<void> {
    await this.publisher.publish(UserRegisteredEvent, {
      id: `user.registered:${userId}`,
      type: 'user.registered',
      occurredAt: new Date().toISOString(),
      data: { userId, email, ...(displayName ? { displayName } : {}) },
    });
  }
}
