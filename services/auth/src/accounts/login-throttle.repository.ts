import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, type Clock, type Dynamo } from '@tasksensei/platform';

export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
}

/**
 * Failed logins counted per key (an account, a client address) in fixed windows; reaching the
 * limit writes a lock that holds until it expires, whatever password comes next. Kept in
 * DynamoDB so every replica sees the same counts.
 */
export class LoginThrottleRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo; readonly clock: Clock }) {
    this.table = deps.dynamo.table('login-throttle');
  }

  /** Seconds until the lock on `key` ends, or 0 when it is not locked. */
  async lockedFor(key: string): Promise<number> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `lock#${key}` }, ConsistentRead: true }),
    );
    const until = typeof Item?.lockedUntil === 'number' ? Item.lockedUntil : 0;
    return Math.max(0, Math.ceil((until - this.deps.clock.now().getTime()) / 1000));
  }

  /** Failures counted for `key` in the current window. */
  async failures(key: string, windowSeconds: number): Promise<number> {
    const window = Math.floor(epochSeconds(this.deps.clock) / windowSeconds);
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `count#${key}#${window}` }, ConsistentRead: true }),
    );
    return Number(Item?.failures ?? 0);
  }

  /** Counts a failure; returns the lock length in seconds if this failure triggered one. */
  async recordFailure(key: string, policy: ThrottlePolicy): Promise<number> {
    const window = Math.floor(epochSeconds(this.deps.clock) / policy.windowSeconds);
    const { Attributes } = await this.deps.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `count#${key}#${window}` },
        UpdateExpression: 'ADD failures :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':expires': (window + 2) * policy.windowSeconds },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    if (Number(Attributes?.failures ?? 0) < policy.maxFailures) return 0;
    const lockedUntil = this.deps.clock.now().getTime() + policy.lockSeconds * 1000;
    await this.deps.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: `lock#${key}`, lockedUntil, expiresAt: Math.ceil(lockedUntil / 1000) + 60 } }),
    );
    return policy.lockSeconds;
  }
}
