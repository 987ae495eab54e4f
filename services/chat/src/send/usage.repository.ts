import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import type { UsageStore } from './usage.store.js';

export class DynamoUsageRepository implements UsageStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-usage');
  }

  async consume(userId: string, day: string, limit: number): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new UpdateCommand({
        TableName: this.table,
        Key: { userId, day },
        // An atomic counter with the limit in the condition: replicas cannot overshoot together.
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':expires': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400,
        },
      }),
    );
  }

  async refund(userId: string, day: string): Promise<void> {
    await this.dynamo.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, day },
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }
}
