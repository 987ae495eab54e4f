import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

export const REPLIES_IN_FLIGHT_INDEX = 'by-generating';
export const REMINDERS_DUE_INDEX = 'by-due';
export const USER_INDEX = 'by-user';

/**
 * The chat service's tables, as code. Locally they are created at start (DYNAMODB_CREATE_TABLES).
 * - chat-conversations (userId, conversationId): title, summary of the older messages.
 * - chat-messages (conversationId, position): user, tool and assistant messages in order. An
 *   assistant reply being written carries `generating` (sparse index), its owner's lease, and
 *   becomes `completed` or `failed`.
 * - chat-client-messages (userId, clientMessageId): the dedupe claim of each sendMessage. TTL.
 * - chat-usage (userId, day): messages accepted per UTC day, for the plan's daily limit. TTL.
 * - chat-automations (messageId, callIndex): every tool call of a reply (who, what, when, result);
 *   a retried reply finds its earlier calls here and does not repeat them.
 * - chat-tasks (userId, taskId): tasks the assistant created.
 * - chat-reminders (reminderId): due reminders; a sparse index holds the undelivered ones by due time.
 * - chat-forgotten (userId, memoryId): memories the user erased, and `#everything` for "forget
 *   everything up to `before`": a rebuild of the memory from chat-messages leaves them out.
 * - chat-automations and chat-reminders are also indexed by user (`by-user`): account export and erasure.
 */
export function chatTables(dynamo: Dynamo): CreateTableCommandInput[] {
  const keys = (hash: [string, 'S' | 'N'], range?: [string, 'S' | 'N']) => ({
    AttributeDefinitions: [
      { AttributeName: hash[0], AttributeType: hash[1] },
      ...(range ? [{ AttributeName: range[0], AttributeType: range[1] }] : []),
    ],
    KeySchema: [
      { AttributeName: hash[0], KeyType: 'HASH' as const },
      ...(range ? [{ AttributeName: range[0], KeyType: 'RANGE' as const }] : []),
    ],
  });
  // A user's automation records and reminders (keyed by reply and reminder id), for export and erasure.
  const byUser = {
    IndexName: USER_INDEX,
    KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' as const }],
    Projection: { ProjectionType: 'ALL' as const },
  };
  const messages = keys(['conversationId', 'S'], ['position', 'S']);
  const reminders = keys(['reminderId', 'S']);
  return [
    { TableName: dynamo.table('chat-conversations'), ...keys(['userId', 'S'], ['conversationId', 'S']) },
    {
      TableName: dynamo.table('chat-messages'),
      AttributeDefinitions: [
        ...messages.AttributeDefinitions,
        { AttributeName: 'generating', AttributeType: 'S' },
        { AttributeName: 'leaseUntil', AttributeType: 'S' },
      ],
      KeySchema: messages.KeySchema,
      GlobalSecondaryIndexes: [
        {
          IndexName: REPLIES_IN_FLIGHT_INDEX,
          KeySchema: [
            { AttributeName: 'generating', KeyType: 'HASH' },
            { AttributeName: 'leaseUntil', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    { TableName: dynamo.table('chat-client-messages'), ...keys(['userId', 'S'], ['clientMessageId', 'S']) },
    { TableName: dynamo.table('chat-usage'), ...keys(['userId', 'S'], ['day', 'S']) },
    {
      TableName: dynamo.table('chat-automations'),
      ...keys(['messageId', 'S'], ['callIndex', 'N']),
      AttributeDefinitions: [
        ...keys(['messageId', 'S'], ['callIndex', 'N']).AttributeDefinitions,
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [byUser],
    },
    { TableName: dynamo.table('chat-tasks'), ...keys(['userId', 'S'], ['taskId', 'S']) },
    { TableName: dynamo.table('chat-forgotten'), ...keys(['userId', 'S'], ['memoryId', 'S']) },
    {
      TableName: dynamo.table('chat-reminders'),
      AttributeDefinitions: [
        ...reminders.AttributeDefinitions,
        { AttributeName: 'pending', AttributeType: 'S' },
        { AttributeName: 'dueAt', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      KeySchema: reminders.KeySchema,
      GlobalSecondaryIndexes: [
        {
          IndexName: REMINDERS_DUE_INDEX,
          KeySchema: [
            { AttributeName: 'pending', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        byUser,
      ],
    },
  ];
}
