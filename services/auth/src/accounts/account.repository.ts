import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

export interface Account {
  readonly userId: string;
  readonly email: string;
  readonly passwordHash?: string;
  readonly displayName?: string;
  /** For accounts created through an upstream identity provider: `<provider>|<sub>`. */
  readonly federatedId?: string;
  readonly createdAt: string;
}

export class EmailTakenError extends Error {}

/**
 * Accounts keyed twice: `email#<email>` is claimed with a condition (so an email is taken
 * once, even by concurrent sign-ups), `user#<id>` serves lookups by subject.
 */
export class AccountRepository {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('accounts');
  }

  async create(account: Account): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({ TableName: this.table, Item: { pk: `email#${account.email}`, ...account }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new EmailTakenError();
      throw error;
    }
    try {
      await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `user#${account.userId}`, ...account } }));
    } catch (error) {
      // Without the second item the account is unusable: release the email claim.
      await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `email#${account.email}` } }));
      throw error;
    }
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return this.get(`email#${email}`);
  }

  async findById(userId: string): Promise<Account | undefined> {
    return this.get(`user#${userId}`);
  }

  async findByFederatedId(federatedId: string): Promise<Account | undefined> {
    const link = await this.get(`fed#${federatedId}`);
    return link ? this.findById(link.userId) : undefined;
  }

  async linkFederatedId(federatedId: string, userId: string): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `fed#${federatedId}`, userId, email: '', createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async get(pk: string): Promise<Account | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }));
    // A closed account (DELETE /account accepted, erasure under way) signs nobody in.
    if (!Item || Item.closedAt) return undefined;
    const { pk: _pk, ...account } = Item;
    return account as Account;
  }
}
