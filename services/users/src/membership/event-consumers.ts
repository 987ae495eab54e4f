import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ConsumerMessages } from '@nats-io/jetstream';
import {
  DurableConsumers,
  MembershipActivatedEvent,
  MembershipDeactivatedEvent,
  MembershipPastDueEvent,
  UserEmailVerifiedEvent,
  UserRegisteredEvent,
  type DurableConsumerDeclaration,
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
    await this.consume(DurableConsumers.usersUserRegistered, UserRegisteredEvent, (e) => this.register.execute(e));
    await this.consume(DurableConsumers.usersUserEmailVerified, UserEmailVerifiedEvent, (e) => this.emailVerified.execute(e));
    const apply = async (event: Parameters<ApplyMembershipUseCase['execute']>[0]) => {
      await this.membership.execute(event);
    };
    await this.consume(DurableConsumers.usersMembershipActivated, MembershipActivatedEvent, apply);
    await this.consume(DurableConsumers.usersMembershipDeactivated, MembershipDeactivatedEvent, apply);
    await this.consume(DurableConsumers.usersMembershipPastDue, MembershipPastDueEvent, apply);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }

  private async consume<C extends EventContract>(
    consumer: DurableConsumerDeclaration,
    contract: C,
    handle: (event: EventOf<C>) => Promise<void>,
  ) {
    this.running.push(await startDurableConsumer(this.nc, { consumer, contract, handle }, this.logger, this.metrics));
  }
}
