import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '@tasksensei/platform';
import type { Account } from '../accounts/account.repository.js';

export interface ClosableAccount extends Account {
  /** Set when DELETE /account was accepted: sign-in is refused from then on. */
  readonly closedAt?: string;
}

/**
 * The account items as closing sees them, closed or not (AccountRepository hides closed
 * accounts from sign-in, token refresh and federation: that is what "closed" means).
 */
export class AccountClosureRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo }) {
    this.table = deps.dynamo.table('accounts');
  }

  async find(userId: string): Promise<ClosableAccount | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `user#${userId}` }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, ...account } = Item;
    return account as ClosableAccount;
  }

  /** Marks both items of the account closed; the email item first, which is what sign-in reads. */
  async close(account: Account, closedAt: Date): Promise<void> {
    for (const pk of [`email#${account.email}`, `user#${account.userId}`]) {
      await this.deps.dynamo.doc
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk },
            UpdateExpression: 'SET closedAt = if_not_exists(closedAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': closedAt.toISOString() },
          }),
        )
        .catch((error: unknown) => {
          // The email item of an account being erased may be gone already: nothing to close.
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        });
    }
  }
}
