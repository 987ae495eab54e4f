import 'reflect-metadata';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@tasksensei/contracts';
import type { JSONWebKeySet } from 'jose';
import type { z } from 'zod';
import { identitySlot } from '../identity/identity-slot.js';
import { UserAssertionVerifier } from '../identity/user-assertion.js';
import { createPingController } from '../health/ping.controller.js';
import { OpsController } from '../health/ops.controller.js';
import { PinoNestLogger } from '../logging/nest-logger.js';
import { SharedNatsServer } from '../nats/shared-nats.server.js';
import { PlatformModule } from './platform.module.js';
import { ConfigError, type BaseEnv } from '../config/load-config.js';
import { createProcessContext, type ProcessContext } from './process-context.js';

export interface ServiceEnv extends BaseEnv {
  readonly OPS_PORT: number;
  readonly OPS_HOST: string;
  readonly USER_ASSERTION_PUBLIC_KEYS: JSONWebKeySet;
}

export interface ServiceDefinition<E extends ServiceEnv> {
  readonly name: ServiceName;
  readonly version: string;
  /** Must include `OPS_PORT` (probes and metrics) on top of the base schema. */
  readonly envSchema: z.ZodType<E>;
  readonly module: (context: ProcessContext<E>) => Type | DynamicModule | Promise<Type | DynamicModule>;
}

@Module({})
class ServiceRootModule {}

/**
 * Starts a service as a hybrid Nest app: HTTP (probes, metrics) on OPS_PORT and the NATS
 * transport in a queue group named after the service, so replicas share the work.
 */
export async function runService<E extends ServiceEnv>(definition: ServiceDefinition<E>): Promise<NestFastifyApplication> {
  const context = await createProcessContext(definition.name, definition.envSchema);
  const env = context.env;
  identitySlot.verifier = new UserAssertionVerifier(env.USER_ASSERTION_PUBLIC_KEYS, definition.name);
  let feature: Type | DynamicModule;
  try {
    feature = await definition.module(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }

  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [PlatformModule.forRoot(context), feature],
    controllers: [createPingController(definition.name, definition.version), OpsController],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), {
    logger: new PinoNestLogger(context.logger),
  });
  app.connectMicroservice({ strategy: new SharedNatsServer(context.nc, definition.name) }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  await app.listen({ port: env.OPS_PORT, host: env.OPS_HOST });
  await app.startAllMicroservices();
  context.logger.info({ opsPort: env.OPS_PORT }, `${definition.name} ready`);
  return app;
}
