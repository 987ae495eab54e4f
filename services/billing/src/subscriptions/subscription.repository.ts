import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sendConditional, type Dynamo } from '@tasksensei/platform';
import { SUBSCRIPTIONS_BY_CUSTOMER_INDEX } from '../storage/tables.js';
import type { MembershipChange } from '../webhook/membership-change.js';
import type { SubscriptionRecord, SubscriptionStore } from './subscription.store.js';

export class DynamoSubscriptionRepository implements SubscriptionStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('subscriptions');
  }

  async get(userId: string): Promise<SubscriptionRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { userId }, ConsistentRead: true }));
    return Item as SubscriptionRecord | undefined;
  }

  async userForCustomer(stripeCustomerId: string): Promise<string | undefined> {
    const { Items } = await this.dynamo.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: SUBSCRIPTIONS_BY_CUSTOMER_INDEX,
        KeyConditionExpression: '#customer = :customer',
        ExpressionAttributeNames: { '#customer': 'stripeCustomerId' },
        ExpressionAttributeValues: { ':customer': stripeCustomerId },
        Limit: 1,
      }),
    );
    return (Items?.[0] as { userId?: string } | undefined)?.userId;
  }

  async apply(change: MembershipChange, now: Date): Promise<boolean> {
    const set = ['#tier = :tier', '#status = :status', '#sourceOrder = :order', '#sourceEventId = :eventId', '#updatedAt = :now'];
    const remove: string[] = [];
    const names: Record<string, string> = {
      '#tier': 'tier',
      '#status': 'status',
      '#sourceOrder': 'sourceOrder',
      '#sourceEventId': 'sourceEventId',
      '#updatedAt': 'updatedAt',
      '#currentPeriodEnd': 'currentPeriodEnd',
    };
    const values: Record<string, unknown> = {
      ':tier': change.tier,
      ':status': change.status,
      ':order': change.sourceOrder,
      ':eventId': change.sourceEventId,
      ':now': now.toISOString(),
    };
    // The customer survives a cancellation: a later checkout reuses it.
    for (const attribute of ['stripeCustomerId', 'stripeSubscriptionId'] as const) {
      if (change[attribute]) {
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = change[attribute];
        set.push(`#${attribute} = :${attribute}`);
      }
    }
    if (change.currentPeriodEnd) {
      values[':currentPeriodEnd'] = change.currentPeriodEnd;
      set.push('#currentPeriodEnd = :currentPeriodEnd');
    } else {
      remove.push('#currentPeriodEnd');
    }
    return sendConditional(
      this.dynamo,
      new UpdateCommand({
        TableName: this.table,
        Key: { userId: change.userId },
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(#sourceOrder) OR #sourceOrder <= :order',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
