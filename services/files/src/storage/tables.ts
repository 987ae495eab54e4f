import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

/**
 * The files service's tables: this file is their definition as code. Locally they are created
 * at start (DYNAMODB_CREATE_TABLES); in AWS, deploy/aws creates the same definitions with
 * point-in-time recovery and KMS encryption.
 * - files (pk userId, sk fileId): one record per file, `pending` until its upload is confirmed.
 * - quotas (pk userId): bytes charged to the user (`usedBytes`), the unconfirmed reservations
 *   (`pending`: fileId -> {size, expiresAt}) and deletions whose bytes were given back
 *   (`released`): every change is one conditional update of this item, so concurrent uploads
 *   never overshoot the quota and no release is applied twice.
 * - exports (pk userId, sk exportId): account exports, `pending` until the archive is in S3
 *   (`users/{sub}/exports/{exportId}.zip`), then `ready`. TTL on `expiresAt` (epoch seconds).
 */
export function filesTables(dynamo: Dynamo): CreateTableCommandInput[] {
  return [
    {
      TableName: dynamo.table('files'),
      AttributeDefinitions: [
        { AttributeName: 'userId', AttributeType: 'S' },
        { AttributeName: 'fileId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'userId', KeyType: 'HASH' },
        { AttributeName: 'fileId', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: dynamo.table('quotas'),
      AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
    },
    {
      TableName: dynamo.table('exports'),
      AttributeDefinitions: [
        { AttributeName: 'userId', AttributeType: 'S' },
        { AttributeName: 'exportId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'userId', KeyType: 'HASH' },
        { AttributeName: 'exportId', KeyType: 'RANGE' },
      ],
    },
  ];
}
