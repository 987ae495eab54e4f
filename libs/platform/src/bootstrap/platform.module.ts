import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { HealthChecks } from '../health/health-checks.js';
import { EventPublisher } from '../jetstream/event-publisher.js';
import { Metrics } from '../metrics/metrics.js';
import { NatsRequester } from '../nats/requester.js';
import { ENV, LOGGER, NATS_CONNECTION, SERVICE_NAME } from './tokens.js';

export interface PlatformValues {
  readonly service: string;
  readonly env: unknown;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly nc: NatsConnection;
  readonly health: HealthChecks;
  readonly requester: NatsRequester;
  readonly publisher: EventPublisher;
}

/** The process-wide values built before Nest starts, offered to every module. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(values: PlatformValues): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: values.service },
      { provide: ENV, useValue: values.env },
      { provide: LOGGER, useValue: values.logger },
      { provide: NATS_CONNECTION, useValue: values.nc },
      { provide: Metrics, useValue: values.metrics },
      { provide: HealthChecks, useValue: values.health },
      { provide: NatsRequester, useValue: values.requester },
      { provide: EventPublisher, useValue: values.publisher },
    ];
    return { module: PlatformModule, providers, exports: providers.map((p) => p.provide) };
  }
}
