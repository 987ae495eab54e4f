import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

export const OUTBOX_PENDING_INDEX = 'pending-by-created';
export const SUBSCRIPTIONS_BY_CUSTOMER_INDEX = 'by-stripe-customer';
/** billing-events and outbox by user: account export and erasure (erasure unlinks, and the row leaves the index). */
export const USER_INDEX = 'by-user';
const byUser = {
  IndexName: USER_INDEX,
  KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' as const }],
  Projection: { ProjectionType: 'ALL' as const },
};
/** Attributes that AWS expires (TimeToLiveSpecification, set by deploy/aws; dynalite keeps them). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The billing service's tables: this file is their definition as code. Locally they are
 * created at start (DYNAMODB_CREATE_TABLES); in AWS, deploy/aws creates the same definitions
 * with point-in-time recovery, KMS encryption and TTL on `expiresAt` where noted.
 * - billing-events (pk eventId): every Stripe event id seen, written conditionally (the dedupe log). TTL.
 * - subscriptions (pk userId): the membership billing last applied, with the order key of the
 *   Stripe event that set it; sparse index on the Stripe customer id.
 * - outbox (pk eventId = the bus event id): each membership change waiting for the bus; a
 *   sparse index holds only pending rows, so the relay reads exactly what is left to publish. TTL.
 * - local-sessions (pk sessionId): the local checkout and portal sessions (no Stripe key only). TTL.
 */
export function billingTables(dynamo: Dynamo, options: { local: boolean }): CreateTableCommandInput[] {
  const tables: CreateTableCommandInput[] = [
    {
      TableName: dynamo.table('billing-events'),
      AttributeDefinitions: [
        { AttributeName: 'eventId', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [byUser],
    },
    {
      TableName: dynamo.table('subscriptions'),
      AttributeDefinitions: [
        { AttributeName: 'userId', AttributeType: 'S' },
        { AttributeName: 'stripeCustomerId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: SUBSCRIPTIONS_BY_CUSTOMER_INDEX,
          KeySchema: [{ AttributeName: 'stripeCustomerId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    },
    {
      TableName: dynamo.table('outbox'),
      AttributeDefinitions: [
        { AttributeName: 'eventId', AttributeType: 'S' },
        { AttributeName: 'pending', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: OUTBOX_PENDING_INDEX,
          KeySchema: [
            { AttributeName: 'pending', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        byUser,
      ],
    },
  ];
  if (options.local) {
    tables.push({
      TableName: dynamo.table('local-sessions'),
      AttributeDefinitions: [{ AttributeName: 'sessionId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
    });
  }
  return tables;
}
