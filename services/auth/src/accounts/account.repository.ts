import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Dynamo } from '@tasksensei/platform';

export interface TotpState {
  /** Base32 secret; `enabled` only once a code from the app confirmed it. */
  readonly secret: string;
  readonly enabled: boolean;
  /** The last accepted time step: a code is never accepted twice. */
  readonly lastStep?: number;
}

export interface Account {
  readonly userId: string;
  readonly email: string;
  readonly passwordHash?: string;
  readonly displayName?: string;
  /** For accounts created through an upstream identity provider: `<provider>|<sub>`. */
  readonly federatedId?: string;
  readonly createdAt: string;
  /** True once a verification link sent to `email` was followed (or a reset link, which proves the mailbox too). */
  readonly emailVerified?: boolean;
  readonly totp?: TotpState;
  /** SHA-256 of each unused recovery code. */
  readonly recoveryCodes?: ReadonlySet<string>;
  readonly passwordChangedAt?: string;
}

export class EmailTakenError extends Error {}

interface Changes {
  readonly passwordHash?: string;
  readonly emailVerified?: boolean;
  readonly passwordChangedAt?: string;
  /** `null` removes. */
  readonly totp?: TotpState | null;
  readonly recoveryCodes?: ReadonlySet<string> | null;
}

/**
 * Accounts keyed twice: `email#<email>` is claimed with a condition (so an email is taken
 * once, even by concurrent sign-ups) and points at `user#<id>`, which holds the account and is
 * the only item ever updated. (Older `email#` items also carry a copy of the account at sign-up:
 * it is never read beyond `userId`.)
 */
export class AccountRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo }) {
    this.table = deps.dynamo.table('accounts');
  }

  async create(account: Account): Promise<void> {
    await this.claimEmail(account.email, account.userId);
    try {
      await this.deps.dynamo.doc.send(
        new PutCommand({ TableName: this.table, Item: { pk: `user#${account.userId}`, ...toItem(account) } }),
      );
    } catch (error) {
      // Without the second item the account is unusable: release the email claim.
      await this.releaseEmail(account.email);
      throw error;
    }
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    const claim = await this.get(`email#${email}`);
    if (!claim) return undefined;
    const account = await this.findById(claim.userId as string);
    // A claim whose account moved to another address (email change) no longer names it.
    return account?.email === email ? account : undefined;
  }

  async findById(userId: string): Promise<Account | undefined> {
    const item = await this.get(`user#${userId}`);
    return item ? fromItem(item) : undefined;
  }

  async findByFederatedId(federatedId: string): Promise<Account | undefined> {
    const link = await this.get(`fed#${federatedId}`);
    return link ? this.findById(link.userId as string) : undefined;
  }

  async linkFederatedId(federatedId: string, userId: string, at: Date): Promise<void> {
    await this.deps.dynamo.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `fed#${federatedId}`, userId, email: '', createdAt: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async update(userId: string, changes: Changes): Promise<void> {
    const set: string[] = [];
    const remove: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null || (value instanceof Set && value.size === 0)) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    if (!set.length && !remove.length) return;
    await this.deps.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `user#${userId}` },
        UpdateExpression: [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].join(' ').trim(),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }

  /** Records `step` as used; false when it (or a later one) was used already: a replayed code. */
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    try {
      await this.deps.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `user#${userId}` },
          UpdateExpression: 'SET totp.lastStep = :step',
          ConditionExpression: 'attribute_exists(totp) AND (attribute_not_exists(totp.lastStep) OR totp.lastStep < :step)',
          ExpressionAttributeValues: { ':step': step },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Removes one recovery code if it is still there: true for exactly one caller. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    try {
      await this.deps.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `user#${userId}` },
          UpdateExpression: 'DELETE recoveryCodes :code',
          ConditionExpression: 'contains(recoveryCodes, :hash)',
          ExpressionAttributeValues: { ':code': new Set([codeHash]), ':hash': codeHash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Moves the account to `email` (already proved): claims the new address, then frees the old one. */
  async changeEmail(userId: string, from: string, to: string, verifiedAt: string): Promise<void> {
    if (from !== to) await this.claimEmail(to, userId);
    await this.deps.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `user#${userId}` },
        UpdateExpression: 'SET email = :to, emailVerified = :true, emailVerifiedAt = :at',
        ConditionExpression: 'email = :from',
        ExpressionAttributeValues: { ':to': to, ':from': from, ':true': true, ':at': verifiedAt },
      }),
    );
    if (from !== to) await this.releaseEmail(from);
  }

  private async claimEmail(email: string, userId: string): Promise<void> {
    try {
      await this.deps.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `email#${email}`, userId, email },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new EmailTakenError();
      throw error;
    }
  }

  private async releaseEmail(email: string): Promise<void> {
    await this.deps.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `email#${email}` } }));
  }

  private async get(pk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }));
    // A closed account (DELETE /account accepted, erasure under way) signs nobody in.
    if (!Item || Item.closedAt) return undefined;
    return Item;
  }
}

function toItem(account: Account): Record<string, unknown> {
  const { recoveryCodes, ...rest } = account;
  return { ...rest, ...(recoveryCodes?.size ? { recoveryCodes: new Set(recoveryCodes) } : {}) };
}

function fromItem(item: Record<string, unknown>): Account {
  const { pk: _pk, recoveryCodes, emailVerifiedAt: _at, ...rest } = item;
  return { ...(rest as unknown as Account), ...(recoveryCodes instanceof Set ? { recoveryCodes: recoveryCodes as Set<string> } : {}) };
}
