import type { Provider } from '@nestjs/common';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createDynamo, dynamoCheck, ensureTables, type Dynamo, type DynamoEnv } from '../aws/dynamodb.js';
import { DurableConsumerSet, type ConsumerSpec } from '../jetstream/consumer-set.js';
import type { ProcessContext } from './process-context.js';

/**
 * A service's DynamoDB, as every service module opens it: the client, the `dynamodb` readiness
 * check, and (local stack, DYNAMODB_CREATE_TABLES) the service's own tables, created when missing.
 */
export async function openDynamo<E extends DynamoEnv>(
  context: ProcessContext<E>,
  tables: (dynamo: Dynamo) => readonly CreateTableCommandInput[],
  options: { readonly lean?: boolean } = {},
): Promise<Dynamo> {
  const dynamo = createDynamo(context.env, options);
  context.health.register('dynamodb', dynamoCheck(dynamo));
  if (context.env.DYNAMODB_CREATE_TABLES) await ensureTables(dynamo, tables(dynamo));
  return dynamo;
}

/** The Nest provider that runs a service's durable consumers (see DurableConsumerSet) on the process's connection. */
export function durableConsumers(context: ProcessContext<unknown>, specs: readonly ConsumerSpec[]): Provider {
  return { provide: DurableConsumerSet, useValue: new DurableConsumerSet(context.nc, context.logger, context.metrics, specs) };
}
