import { QueryCommand, UpdateCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, type Clock, type Dynamo } from '@tasksensei/platform';
import type { Adapter, AdapterPayload } from 'oidc-provider';

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * oidc-provider state in DynamoDB, so sessions, codes and refresh tokens survive restarts and
 * are shared by every replica. Expired items are filtered on read (DynamoDB TTL deletes lazily).
 */
export function dynamoAdapterFactory({
  dynamo,
  clock,
}: {
  readonly dynamo: Dynamo;
  readonly clock: Clock;
}): new (model: string) => Adapter {
  const table = dynamo.table('oidc');
  return class DynamoAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? epochSeconds(clock) + expiresIn : undefined;
      await dynamo.doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: this.key(id),
            payload,
            ...(expiresAt ? { expiresAt } : {}),
            ...(this.model === 'Session' && payload.uid ? { uid: payload.uid } : {}),
            ...(GRANTABLE.has(this.model) && payload.grantId ? { grantId: payload.grantId } : {}),
            ...(payload.userCode ? { userCode: payload.userCode } : {}),
            ...(accountOf(payload) ? { accountId: accountOf(payload) } : {}),
          },
        }),
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const { Item } = await dynamo.doc.send(new GetCommand({ TableName: table, Key: { pk: this.key(id) }, ConsistentRead: true }));
      if (!Item || isExpired(Item, clock)) return undefined;
      return { ...(Item.payload as AdapterPayload), ...(Item.consumed ? { consumed: Item.consumed as number } : {}) };
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findByIndex('byUid', 'uid', uid);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findByIndex('byUserCode', 'userCode', userCode);
    }

    async consume(id: string): Promise<void> {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: this.key(id) },
          UpdateExpression: 'SET #consumed = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#consumed': 'consumed' },
          ExpressionAttributeValues: { ':now': epochSeconds(clock) },
        }),
      );
    }

    async destroy(id: string): Promise<void> {
      await dynamo.doc.send(new DeleteCommand({ TableName: table, Key: { pk: this.key(id) } }));
    }

    /** Revokes every token of a grant (RFC 9700 refresh token family revocation relies on it). */
    async revokeByGrantId(grantId: string): Promise<void> {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo.doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byGrantId',
            KeyConditionExpression: 'grantId = :g',
            ExpressionAttributeValues: { ':g': grantId },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        await Promise.all((page.Items ?? []).map((item) => dynamo.doc.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk } }))));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      await dynamo.doc.send(new DeleteCommand({ TableName: table, Key: { pk: `Grant:${grantId}` } }));
    }

    private async findByIndex(index: string, attribute: string, value: string): Promise<AdapterPayload | undefined> {
      const page = await dynamo.doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: index,
          KeyConditionExpression: '#a = :v',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
          Limit: 5,
        }),
      );
      const pk = page.Items?.map((item) => item.pk as string).find((key) => key.startsWith(`${this.model}:`));
      return pk ? this.find(pk.slice(this.model.length + 1)) : undefined;
    }
  };
}

/** Whose item this is (sessions, grants, tokens, codes, and interactions once a login is done): erasure finds it by this. */
const accountOf = (payload: AdapterPayload): string | undefined => {
  const nested = payload as { session?: { accountId?: unknown }; result?: { login?: { accountId?: unknown } } };
  const id = payload.accountId ?? nested.session?.accountId ?? nested.result?.login?.accountId;
  return typeof id === 'string' && id ? id : undefined;
};

const isExpired = (item: Record<string, unknown>, clock: Clock) =>
  typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= clock.now().getTime();
