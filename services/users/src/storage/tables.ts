import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

/**
 * The users service's tables: this file is their definition as code. Locally they are created
 * at start (DYNAMODB_CREATE_TABLES); in AWS, deploy/aws creates the same definitions with
 * point-in-time recovery and KMS encryption.
 * - profiles (pk userId): the profile, its `version` (optimistic locking), and the membership
 *   with the order key of the event that set it (`membershipOrder`).
 */
export function usersTables(dynamo: Dynamo): CreateTableCommandInput[] {
  return [
    {
      TableName: dynamo.table('profiles'),
      AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
    },
  ];
}
