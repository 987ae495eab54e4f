import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

/**
 * The auth service's tables (created locally at start; in AWS by deploy/aws with PITR and KMS).
 * - oidc: the provider's state (sessions, grants, codes, refresh tokens), TTL on `expiresAt`.
 * - oidc also carries the account of each item (`accountId`, index byAccountId): what erasing a user finds.
 * - accounts: `email#<email>` (unique claim), `user#<id>` and `fed#<upstream>|<sub>` items, all
 *   with `userId` (index byUserId: what erasing a user finds).
 * - login-throttle: failed-login counters per account and per client address, TTL on `expiresAt`.
 * - refresh-grace: the token set a just-rotated refresh token produced, for a few seconds.
 * - mail-links: hashes of the single-use tokens of verification and reset mails, TTL on `expiresAt`;
 *   each with its `userId` (index byUserId: what erasing a user finds).
 * - sessions: `userId` + `sessionId` (the provider's grant), for the account page; TTL on `expiresAt`.
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
        { AttributeName: 'accountId', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        byAttribute('uid', 'byUid'),
        byAttribute('grantId', 'byGrantId'),
        byAttribute('userCode', 'byUserCode'),
        byAttribute('accountId', 'byAccountId'),
      ],
    },
    {
      ...simple('accounts'),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [byAttribute('userId', 'byUserId')],
    },
    simple('login-throttle'),
    simple('refresh-grace'),
    {
      ...simple('mail-links'),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [byAttribute('userId', 'byUserId')],
    },
    {
      TableName: dynamo.table('sessions'),
      AttributeDefinitions: [
        { AttributeName: 'userId', AttributeType: 'S' },
        { AttributeName: 'sessionId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'userId', KeyType: 'HASH' },
        { AttributeName: 'sessionId', KeyType: 'RANGE' },
      ],
    },
  ];
}
