import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { deleteKeys, epochSeconds, keyOf, queryIndex, queryPartition, type Clock, type Dynamo } from '@tasksensei/platform';
import type { RefreshGraceRepository } from '../refresh/refresh-grace.repository.js';

export interface AuthErasureStore {
  /** The email of the account, while its item is there. */
  emailOf(userId: string): Promise<string | undefined>;
  /** The provider's state of the user (sessions, grants, codes, refresh tokens, interactions); answers the refresh tokens it removed. */
  eraseProviderState(userId: string): Promise<string[]>;
  eraseRefreshGrace(refreshTokens: readonly string[]): Promise<void>;
  eraseLoginThrottle(email: string): Promise<void>;
  /** The unused links of verification and reset mails sent to the user. */
  eraseMailLinks(userId: string): Promise<number>;
  /** The user's session list (the account page's devices). */
  eraseSessions(userId: string): Promise<number>;
  /** The account items: `user#`, `email#` and every `fed#` link to it. */
  eraseAccount(userId: string): Promise<number>;
}

export interface AuthErasureDeps {
  readonly dynamo: Dynamo;
  readonly grace: Pick<RefreshGraceRepository, 'release'>;
  readonly loginWindowSeconds: number;
  readonly clock: Clock;
}

/**
 * The oidc and accounts tables are keyed by token, email or upstream identity: the user's items
 * are found through their `byAccountId` and `byUserId` indexes. Login counters are keyed by
 * email and window, so their keys are computed.
 */
export class DynamoAuthErasureRepository implements AuthErasureStore {
  constructor(private readonly deps: AuthErasureDeps) {}

  async emailOf(userId: string): Promise<string | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.deps.dynamo.table('accounts'), Key: { pk: `user#${userId}` }, ConsistentRead: true }),
    );
    return typeof Item?.email === 'string' ? Item.email : undefined;
  }

  async eraseProviderState(userId: string): Promise<string[]> {
    const table = this.deps.dynamo.table('oidc');
    const items = await queryIndex(this.deps.dynamo, table, 'byAccountId', 'accountId', userId);
    // Grants first: a refresh arriving meanwhile finds no grant and fails.
    const order = (pk: string) => (pk.startsWith('Grant:') ? 0 : 1);
    items.sort((a, b) => order(String(a.pk)) - order(String(b.pk)));
    await deleteKeys(
      this.deps.dynamo,
      table,
      items.map((item) => keyOf(item, 'pk')),
    );
    return items
      .map((item) => String(item.pk))
      .filter((pk) => pk.startsWith('RefreshToken:'))
      .map((pk) => pk.slice('RefreshToken:'.length));
  }

  async eraseRefreshGrace(refreshTokens: readonly string[]): Promise<void> {
    for (const token of refreshTokens) await this.deps.grace.release(token);
  }

  async eraseLoginThrottle(email: string): Promise<void> {
    const table = this.deps.dynamo.table('login-throttle');
    const key = `acct#${email}`;
    // Counters live two windows (LoginThrottleRepository); a third covers a window boundary meanwhile.
    const window = Math.floor(epochSeconds(this.deps.clock) / this.deps.loginWindowSeconds);
    const counters = [window - 2, window - 1, window].map((w) => ({ pk: `count#${key}#${w}` }));
    await deleteKeys(this.deps.dynamo, table, [{ pk: `lock#${key}` }, ...counters]);
  }

  async eraseMailLinks(userId: string): Promise<number> {
    const table = this.deps.dynamo.table('mail-links');
    const items = await queryIndex(this.deps.dynamo, table, 'byUserId', 'userId', userId);
    return deleteKeys(
      this.deps.dynamo,
      table,
      items.map((item) => keyOf(item, 'pk')),
    );
  }

  async eraseSessions(userId: string): Promise<number> {
    const table = this.deps.dynamo.table('sessions');
    const items = await queryPartition(this.deps.dynamo, table, 'userId', userId);
    return deleteKeys(
      this.deps.dynamo,
      table,
      items.map((item) => keyOf(item, 'userId', 'sessionId')),
    );
  }

  async eraseAccount(userId: string): Promise<number> {
    const table = this.deps.dynamo.table('accounts');
    const items = await queryIndex(this.deps.dynamo, table, 'byUserId', 'userId', userId);
    // The user item last: it holds the email a retried erasure still needs.
    items.sort((a, b) => Number(String(a.pk).startsWith('user#')) - Number(String(b.pk).startsWith('user#')));
    for (const item of items) await deleteKeys(this.deps.dynamo, table, [keyOf(item, 'pk')]);
    return items.length;
  }
}
