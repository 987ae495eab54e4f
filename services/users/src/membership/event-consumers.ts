import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ConsumerMessages } from '@nats-io/jetstream';
import {
  MembershipActivatedEvent,
  MembershipDeactivatedEvent,
  MembershipPastDueEvent,
  Streams,
  UserEmailVerifiedEvent,
  UserRegisteredEvent,
  type EventContract,
  type EventOf,
} from '@tasksensei/contracts';
import { LOGGER, Metrics, NATS_CONNECTION, startDurableConsumer, type Logger, type NatsConnection } from '@tasksensei/platform';
import { ApplyEmailVerifiedUseCase } from '../registration/apply-email-verified.usecase.js';
import { RegisterProfileUseCase } from '../registration/register-profile.usecase.js';
import { ApplyMembershipUseCase } from './apply-membership.usecase.js';

/**
 * The users service's durable JetStream consumers: each event is acked only after its write,
 * and a restart resumes where the consumer stopped (no event is skipped or applied twice).
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly running: ConsumerMessages[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(RegisterProfileUseCase) private readonly register: RegisterProfileUseCase,
    @Inject(ApplyMembershipUseCase) private readonly membership: ApplyMembershipUseCase,
    @Inject(ApplyEmailVerifiedUseCase) private readonly emailVerified: ApplyEmailVerifiedUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consume(Streams.USER.name, 'users-user-registered', UserRegisteredEvent, (e) => this.register.execute(e));
    await this.consume(Streams.USER.name, 'users-user-email-verified', UserEmailVerifiedEvent, (e) => this.emailVerified.execute(e));
    const apply = async (event: Parameters<ApplyMembershipUseCase['execute']>[0]) => {
      await this.membership.execute(event);
    };
    await this.consume(Streams.MEMBERSHIP.name, 'users-membership-activated', MembershipActivatedEvent, apply);
    await this.consume(Streams.MEMBERSHIP.name, 'users-membership-deactivated', MembershipDeactivatedEvent, apply);
    await this.consume(Streams.MEMBERSHIP.name, 'users-membership-past-due', MembershipPastDueEvent, apply);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }

  private async consume<C extends EventContract>(stream: string, durable: string, contract: C, handle: (event: EventOf<C>) => Promise<void>) {
    this.running.push(await startDurableConsumer(this.nc, { stream, durable, contract, handle }, this.logger, this.metrics));
  }
}
