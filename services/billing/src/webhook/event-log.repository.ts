import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { sendConditional, type Dynamo } from '@tasksensei/platform';

export interface EventLogEntry {
  readonly eventId: string;
  readonly type: string;
  readonly created: number;
  readonly outcome: 'accepted' | 'ignored';
  readonly reason?: string;
  readonly userId?: string;
  readonly busEventId?: string;
}

/**
 * The Stripe events billing ignored: their dedupe log. (An accepted event's dedupe is its
 * outbox entry; rows with outcome `accepted` here are from before that.)
 */
export interface EventLogStore {
  /** A conditional write: true for the first delivery of an event id, false for any repeat. */
  record(entry: EventLogEntry, now: Date): Promise<boolean>;
}

/** Kept well past Stripe's 3-day retry window. */
const RETENTION_SECONDS = 30 * 24 * 60 * 60;

export class DynamoEventLogRepository implements EventLogStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('billing-events');
  }

  async record(entry: EventLogEntry, now: Date): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new PutCommand({
        TableName: this.table,
        Item: { ...entry, receivedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
  }
}
