import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deleteKeys, erasureMarker, keyOf, queryIndex, scanMatching, type Dynamo } from '@tasksensei/platform';
import { USER_INDEX } from '../storage/tables.js';

type Item = Record<string, unknown>;

/**
 * Billing's side of an erasure. The erasure marker lives in `subscriptions` under a one-way hash
 * of the user id, with only its time: it is what makes the webhook ignore the cancellation that
 * Stripe sends back. `billing-events` and `outbox` are keyed by event id: the user's rows are
 * found through their `by-user` index. `local-sessions` (local stack only) is scanned.
 */
export class BillingErasureRepository {
  constructor(
    private readonly dynamo: Dynamo,
    private readonly local: boolean,
  ) {}

  async isErased(userId: string): Promise<boolean> {
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.dynamo.table('subscriptions'), Key: { userId: erasureMarker(userId) }, ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async markErased(userId: string, at: Date): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({
        TableName: this.dynamo.table('subscriptions'),
        Item: { userId: erasureMarker(userId), erasedAt: at.toISOString() },
      }),
    );
  }

  async deleteSubscription(userId: string): Promise<void> {
    await deleteKeys(this.dynamo, this.dynamo.table('subscriptions'), [{ userId }]);
  }

  stripeEvents(userId: string): Promise<Item[]> {
    return queryIndex(this.dynamo, this.dynamo.table('billing-events'), USER_INDEX, 'userId', userId);
  }

  outboxEntries(userId: string): Promise<Item[]> {
    return queryIndex(this.dynamo, this.dynamo.table('outbox'), USER_INDEX, 'userId', userId);
  }

  /**
   * The Stripe event log keeps each event id (the webhook's dedupe: a redelivered cancellation
   * must not be applied again) but no longer says whose it was.
   */
  async unlinkStripeEvents(userId: string): Promise<number> {
    const items = await this.stripeEvents(userId);
    for (const item of items) {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.dynamo.table('billing-events'),
          Key: keyOf(item, 'eventId'),
          UpdateExpression: 'REMOVE userId',
        }),
      );
    }
    return items.length;
  }

  async deleteOutbox(userId: string): Promise<number> {
    const items = await this.outboxEntries(userId);
    return deleteKeys(
      this.dynamo,
      this.dynamo.table('outbox'),
      items.map((item) => keyOf(item, 'eventId')),
    );
  }

  async deleteLocalSessions(userId: string): Promise<number> {
    if (!this.local) return 0;
    const table = this.dynamo.table('local-sessions');
    const items = await scanMatching(this.dynamo, table, (item) => item.userId === userId);
    return deleteKeys(
      this.dynamo,
      table,
      items.map((item) => keyOf(item, 'sessionId')),
    );
  }
}
