import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '@tasksensei/platform';
import type { MessageRecord } from '../../conversations/message.store.js';

/** Every stored message (DynamoDB chat-messages), a page at a time: what a rebuild of the memory reads. */
export async function* storedMessages(dynamo: Dynamo, pageSize = 200): AsyncIterable<MessageRecord[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.doc.send(
      new ScanCommand({ TableName: dynamo.table('chat-messages'), Limit: pageSize, ExclusiveStartKey: start }),
    );
    yield (page.Items ?? []) as MessageRecord[];
    start = page.LastEvaluatedKey;
  } while (start);
}
