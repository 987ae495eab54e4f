import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import { FREE_MEMBERSHIP, type ProfileRecord } from './profile.record.js';
import type { MembershipWrite, ProfileChanges, ProfileStore, UpdateOutcome } from './profile.store.js';

/** Every attribute goes through a name placeholder: several (name, status...) are DynamoDB reserved words. */
const names = (...attributes: string[]) => Object.fromEntries(attributes.map((a) => [`#${a}`, a]));

export class DynamoProfileRepository implements ProfileStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('profiles');
  }

  async get(userId: string): Promise<ProfileRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { userId }, ConsistentRead: true }));
    return Item as ProfileRecord | undefined;
  }

  async register(userId: string, email: string, displayName: string, now: Date): Promise<boolean> {
    return this.updateIf(userId, {
      // A membership may have arrived first (events of two streams race): keep it.
      UpdateExpression:
        'SET #email = :email, #displayName = :displayName, #createdAt = if_not_exists(#createdAt, :now), #updatedAt = :now, ' +
        '#membership = if_not_exists(#membership, :free), #version = if_not_exists(#version, :zero) + :one',
      ConditionExpression: 'attribute_not_exists(#email)',
      ExpressionAttributeNames: names('email', 'displayName', 'createdAt', 'updatedAt', 'membership', 'version'),
      ExpressionAttributeValues: {
        ':email': email,
        ':displayName': displayName,
        ':now': now.toISOString(),
        ':free': FREE_MEMBERSHIP,
        ':zero': 0,
        ':one': 1,
      },
    });
  }

  async update(userId: string, changes: ProfileChanges, expectedVersion: number | undefined, now: Date): Promise<UpdateOutcome> {
    const set: string[] = ['#updatedAt = :now', '#version = #version + :one'];
    const remove: string[] = [];
    const attributeNames = names('updatedAt', 'version', 'email');
    const values: Record<string, unknown> = { ':now': now.toISOString(), ':one': 1 };
    const assign = (attribute: string, value: unknown) => {
      attributeNames[`#${attribute}`] = attribute;
      if (value === null) {
        remove.push(`#${attribute}`);
      } else {
        set.push(`#${attribute} = :${attribute}`);
        values[`:${attribute}`] = value;
      }
    };
    if (changes.displayName !== undefined) assign('displayName', changes.displayName);
    if (changes.company !== undefined) assign('company', changes.company);
    if (changes.timezone !== undefined) assign('timezone', changes.timezone);
    if (changes.preferences !== undefined) assign('preferencesJson', JSON.stringify(changes.preferences));
    let condition = 'attribute_exists(#email)';
    if (expectedVersion !== undefined) {
      condition += ' AND #version = :expected';
      values[':expected'] = expectedVersion;
    }
    try {
      const { Attributes } = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId },
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: attributeNames,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'updated', record: Attributes as ProfileRecord };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.get(userId);
      return current?.email ? { kind: 'stale-version', currentVersion: current.version } : { kind: 'not-found' };
    }
  }

  async applyEmailVerified(userId: string, email: string, verifiedAt: string, now: Date): Promise<boolean> {
    return this.updateIf(userId, {
      // May land before `user.registered` (two consumers race): it only adds its own attributes.
      UpdateExpression:
        'SET #verifiedEmail = :email, #emailVerifiedAt = :at, #updatedAt = :now, #version = if_not_exists(#version, :zero) + :one',
      ConditionExpression: 'attribute_not_exists(#emailVerifiedAt) OR #emailVerifiedAt < :at',
      ExpressionAttributeNames: names('verifiedEmail', 'emailVerifiedAt', 'updatedAt', 'version'),
      ExpressionAttributeValues: { ':email': email, ':at': verifiedAt, ':now': now.toISOString(), ':zero': 0, ':one': 1 },
    });
  }

  async applyMembership(write: MembershipWrite, now: Date): Promise<ProfileRecord | undefined> {
    try {
      const { Attributes } = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId: write.userId },
          UpdateExpression:
            'SET #membership = :membership, #membershipOrder = :order, #membershipEventId = :eventId, #updatedAt = :now, ' +
            '#version = if_not_exists(#version, :zero) + :one',
          // Strictly greater: an older event never overwrites a newer state, and the same event twice changes nothing.
          ConditionExpression: 'attribute_not_exists(#membershipOrder) OR #membershipOrder < :order',
          ExpressionAttributeNames: names('membership', 'membershipOrder', 'membershipEventId', 'updatedAt', 'version'),
          ExpressionAttributeValues: {
            ':membership': write.membership,
            ':order': write.order,
            ':eventId': write.eventId,
            ':now': now.toISOString(),
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as ProfileRecord;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /** A conditional update of the user's profile item: true when it was applied, false when its condition did not hold. */
  private updateIf(userId: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<boolean> {
    return sendConditional(this.dynamo, new UpdateCommand({ TableName: this.table, Key: { userId }, ...input }));
  }
}
