import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';

export interface LocalSession {
  readonly sessionId: string;
  readonly kind: 'checkout' | 'portal';
  readonly userId: string;
  readonly planId?: string;
  readonly status: 'open' | 'complete' | 'expired';
  /** Checkout: success and cancel; portal: where "back" goes. */
  readonly successUrl?: string;
  readonly cancelUrl?: string;
  readonly returnUrl?: string;
  readonly createdAt: string;
  /** Epoch seconds, also the TTL attribute. */
  readonly expiresAt: number;
}

export interface LocalSessionStore {
  /** Put-if-absent; returns the session now stored (the earlier one for a repeated idempotency key). */
  create(session: LocalSession): Promise<LocalSession>;
  get(sessionId: string): Promise<LocalSession | undefined>;
  /** Moves an open session to `status`; false when it was not open. */
  close(sessionId: string, status: 'complete' | 'expired'): Promise<boolean>;
}

export class DynamoLocalSessionRepository implements LocalSessionStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('local-sessions');
  }

  async create(session: LocalSession): Promise<LocalSession> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({ TableName: this.table, Item: session, ConditionExpression: 'attribute_not_exists(sessionId)' }),
      );
      return session;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.get(session.sessionId)) ?? session;
    }
  }

  async get(sessionId: string): Promise<LocalSession | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { sessionId }, ConsistentRead: true }));
    return Item as LocalSession | undefined;
  }

  async close(sessionId: string, status: 'complete' | 'expired'): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new UpdateCommand({
        TableName: this.table,
        Key: { sessionId },
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':open': 'open' },
      }),
    );
  }
}
