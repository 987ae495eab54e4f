import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, type Clock, type Dynamo } from '@tasksensei/platform';

export interface SessionRecord {
  readonly userId: string;
  /** The provider's grant id: one per sign-in on a device; its refresh tokens are the session's. */
  readonly sessionId: string;
  /** The provider's browser session (its cookie), ended with the grant so the device must sign in again. */
  readonly browserSessionId?: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly userAgent?: string;
  readonly expiresAt: number;
}

/** A user's sessions (devices), keyed by user then session, with a TTL as long as the grant's. */
export class SessionRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo; readonly ttlSeconds: number; readonly clock: Clock }) {
    this.table = deps.dynamo.table('sessions');
  }

  async record(session: Omit<SessionRecord, 'expiresAt' | 'lastUsedAt'>): Promise<void> {
    const expiresAt = Math.floor(Date.parse(session.createdAt) / 1000) + this.deps.ttlSeconds;
    await this.deps.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...session, lastUsedAt: session.createdAt, expiresAt } }),
    );
  }

  async touch(userId: string, sessionId: string, now: Date): Promise<void> {
    await this.deps.dynamo.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, sessionId },
          UpdateExpression: 'SET lastUsedAt = :now',
          ConditionExpression: 'attribute_exists(sessionId)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      )
      .catch(() => undefined); // a session recorded before this feature, or just revoked: nothing to touch
  }

  async get(userId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { userId, sessionId }, ConsistentRead: true }),
    );
    return Item as SessionRecord | undefined;
  }

  async list(userId: string): Promise<SessionRecord[]> {
    const items: SessionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.deps.dynamo.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'userId = :u',
          ExpressionAttributeValues: { ':u': userId },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as SessionRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const now = epochSeconds(this.deps.clock);
    return items.filter((s) => s.expiresAt > now);
  }

  async delete(userId: string, sessionId: string): Promise<void> {
    await this.deps.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { userId, sessionId } }));
  }
}
