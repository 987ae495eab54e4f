import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

/**
 * The auth service's tables (created locally at start; in AWS by deploy/aws with PITR and KMS).
 * - oidc: the provider's state (sessions, grants, codes, refresh tokens), TTL on `expiresAt`.
 * - accounts: `email#<email>` (unique claim) and `user#<id>` items.
 * - login-throttle: failed-login counters per account and per client address, TTL on `expiresAt`.
 * - refresh-grace: the token set a just-rotated refresh token produced, for a few seconds.
 */
export function authTables(dynamo: Dynamo): CreateTableCommandInput[] {
  const simple = (name: string): CreateTableCommandInput => ({
    TableName: dynamo.table(name),
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
  const byAttribute = (attribute: string, indexName: string) => ({
    IndexName: indexName,
    KeySchema: [{ AttributeName: attribute, KeyType: 'HASH' as const }],
    Projection: { ProjectionType: 'KEYS_ONLY' as const },
  });
  return [
    {
      ...simple('oidc'),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'uid', AttributeType: 'S' },
        { AttributeName: 'grantId', AttributeType: 'S' },
        { AttributeName: 'userCode', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [byAttribute('uid', 'byUid'), byAttribute('grantId', 'byGrantId'), byAttribute('userCode', 'byUserCode')],
    },
    simple('accounts'),
    simple('login-throttle'),
    simple('refresh-grace'),
  ];
}
