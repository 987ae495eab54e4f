import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type DeleteCommand,
  type PutCommand,
  type QueryCommandInput,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { leanDocumentClient } from './lean-document-client.js';

/** DynamoDB settings; without DYNAMODB_ENDPOINT the SDK's default AWS endpoint and credentials apply. */
export const DynamoEnvSchema = z.object({
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
    .default('us-east-1'),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  DYNAMODB_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{0,100}$/)
    .default('tasksensei-'),
  /** Local stack only: create missing tables at start. In AWS they come from deploy/aws. */
  DYNAMODB_CREATE_TABLES: z.stringbool().default(false),
  /**
   * False: the services that open DynamoDB lean (billing, users, files) send every call through
   * the AWS SDK instead, the way back should the lean client misbehave against an endpoint.
   */
  DYNAMODB_LEAN: z.stringbool().default(true),
  /**
   * Tables read from another physical name than `<DYNAMODB_TABLE_PREFIX><name>`, as JSON
   * ({"profiles":"tasksensei-profiles-r20260131"}): how a service moves to a table restored from a
   * backup, which always has a new name (docs/operations.md#dynamodb). Each name must be
   * `<prefix><name>-<suffix>`, the names the service's IAM role is granted besides the original.
   */
  DYNAMODB_TABLE_NAMES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of table name -> restored table name' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/)))
    .optional(),
});
export type DynamoEnv = z.infer<typeof DynamoEnvSchema>;

export interface Dynamo {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly table: (name: string) => string;
}

const MAX_ATTEMPTS = 3;

/**
 * The SDK client and its document client. `lean`: Get, Put, Update, Delete and Query go
 * through leanDocumentClient (same requests and errors, a fraction of the SDK's CPU per call),
 * for services whose hot path is DynamoDB calls, unless the operator turned it off (DYNAMODB_LEAN=false).
 */
export function createDynamo(env: DynamoEnv, options: { readonly lean?: boolean } = {}): Dynamo {
  const client = new DynamoDBClient({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: MAX_ATTEMPTS,
  });
  const sdkDoc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const doc =
    options.lean && env.DYNAMODB_LEAN
      ? leanDocumentClient(client, sdkDoc, {
          maxAttempts: MAX_ATTEMPTS,
          ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
        })
      : sdkDoc;
  return { client, doc, table: tableNames(env) };
}

/** `name` -> its physical table: the prefixed name, or the restored table DYNAMODB_TABLE_NAMES names. */
export function tableNames(env: Pick<DynamoEnv, 'DYNAMODB_TABLE_PREFIX' | 'DYNAMODB_TABLE_NAMES'>): (name: string) => string {
  const renamed = env.DYNAMODB_TABLE_NAMES ?? {};
  for (const [name, physical] of Object.entries(renamed)) {
    // Checked at start: a name IAM does not grant would fail every request instead.
    if (!physical.startsWith(`${env.DYNAMODB_TABLE_PREFIX}${name}-`)) {
      throw new Error(
        `invalid configuration: DYNAMODB_TABLE_NAMES.${name} must be ${env.DYNAMODB_TABLE_PREFIX}${name}-<suffix> (got "${physical}")`,
      );
    }
  }
  return (name) => renamed[name] ?? `${env.DYNAMODB_TABLE_PREFIX}${name}`;
}

/** Health check: the cheapest call that proves the endpoint answers with valid credentials. */
export const dynamoCheck = (dynamo: Dynamo) => () => dynamo.client.send(new ListTablesCommand({ Limit: 1 }));

/**
 * Creates the tables a service owns when they are missing (local stack). Tables are
 * on-demand; the AWS definitions in deploy/aws add PITR and KMS encryption.
 */
export async function ensureTables(dynamo: Dynamo, tables: readonly CreateTableCommandInput[]): Promise<void> {
  for (const definition of tables) {
    try {
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: definition.TableName }));
      await addMissingIndexes(dynamo, definition, new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      try {
        await dynamo.client.send(new CreateTableCommand({ BillingMode: 'PAY_PER_REQUEST', ...definition }));
      } catch (createError) {
        // Another replica won the race; the table exists, which is all we wanted.
        if (!(createError instanceof Error && createError.name === 'ResourceInUseException')) throw createError;
      }
    }
  }
}

/** A table made before an index was added to its definition gets the index (a local data dir from an older version). */
async function addMissingIndexes(
  dynamo: Dynamo,
  definition: CreateTableCommandInput,
  existing: ReadonlySet<string | undefined>,
): Promise<void> {
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    await dynamo.client.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
}

/**
 * A conditional write whose condition did not hold (or a transaction cancelled by one): an
 * expected outcome, not a failure.
 */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

/** Sends a conditional write: true when it was applied, false when its condition did not hold. */
export async function sendConditional(dynamo: Dynamo, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    // send() is typed per command class; any of the three is a valid argument at run time.
    await dynamo.doc.send(command as PutCommand);
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** Every item a query matches, page after page (a page stops at 1 MB), in the order DynamoDB returns them. */
export async function queryAll<T>(dynamo: Dynamo, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.doc.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
