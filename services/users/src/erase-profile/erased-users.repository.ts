import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { erasureMarker, type Dynamo } from '@tasksensei/platform';

/**
 * The profile and the erasure marker, in the profiles table. The marker is keyed by a one-way
 * hash of the user id (never the id) and holds only when it was written: what keeps a late
 * `membership.*` or a redelivered `user.registered` from creating the profile again.
 */
export interface ErasedUsersStore {
  isErased(userId: string): Promise<boolean>;
  markErased(userId: string, at: Date): Promise<void>;
  deleteProfile(userId: string): Promise<void>;
}

export class DynamoErasedUsersRepository implements ErasedUsersStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('profiles');
  }

  async isErased(userId: string): Promise<boolean> {
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { userId: erasureMarker(userId) }, ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async markErased(userId: string, at: Date): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { userId: erasureMarker(userId), erasedAt: at.toISOString() } }),
    );
  }

  async deleteProfile(userId: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { userId } }));
  }
}
