import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, type Clock, type Dynamo } from '@tasksensei/platform';

const TTL_SECONDS = 5 * 60;

/**
 * "The password was right, the code is still owed" for one login interaction: the account it
 * names is signed in only once the code step succeeds, within five minutes.
 */
export class MfaPendingRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo; readonly clock: Clock }) {
    this.table = deps.dynamo.table('oidc');
  }

  async put(uid: string, accountId: string, email: string): Promise<void> {
    await this.deps.dynamo.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `MfaPending:${uid}`, accountId, email, expiresAt: epochSeconds(this.deps.clock) + TTL_SECONDS },
      }),
    );
  }

  async get(uid: string): Promise<{ accountId: string; email: string } | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `MfaPending:${uid}` }, ConsistentRead: true }),
    );
    if (!Item || (Item.expiresAt as number) * 1000 < this.deps.clock.now().getTime()) return undefined;
    return { accountId: Item.accountId as string, email: Item.email as string };
  }

  async delete(uid: string): Promise<void> {
    await this.deps.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `MfaPending:${uid}` } }));
  }
}
