import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import { REMINDERS_DUE_INDEX } from '../../storage/tables.js';
import type { ReminderRecord, ReminderStore } from './reminder.store.js';

/** Value of the sparse index key while a reminder waits for delivery. */
const PENDING = 'yes';

export class DynamoReminderRepository implements ReminderStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-reminders');
  }

  async schedule(reminder: Omit<ReminderRecord, 'state'>): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...reminder, state: 'scheduled', pending: PENDING },
          ConditionExpression: 'attribute_not_exists(reminderId)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async due(now: string, limit: number): Promise<ReminderRecord[]> {
    const { Items } = await this.dynamo.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REMINDERS_DUE_INDEX,
        KeyConditionExpression: 'pending = :pending AND dueAt <= :now',
        ExpressionAttributeValues: { ':pending': PENDING, ':now': now },
        Limit: limit,
      }),
    );
    return (Items ?? []) as ReminderRecord[];
  }

  async claim(reminderId: string, claimUntil: string, now: string): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new UpdateCommand({
        TableName: this.table,
        Key: { reminderId },
        UpdateExpression: 'SET #state = :claimed, claimUntil = :until',
        ConditionExpression: '#state = :scheduled OR (#state = :claimed AND claimUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':scheduled': 'scheduled', ':until': claimUntil, ':now': now },
      }),
    );
  }

  async delivered(reminderId: string, at: string): Promise<void> {
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { reminderId },
        UpdateExpression: 'SET #state = :delivered, deliveredAt = :at REMOVE pending, claimUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':delivered': 'delivered', ':at': at },
      }),
    );
  }
}
