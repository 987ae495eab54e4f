/**
 * `node services/chat/dist/rebuild-memory.js`: refills Chroma from DynamoDB's chat-messages after
 * Chroma's volume was lost (docs/operations.md#chroma). Reads the chat service's own environment
 * (CHROMA_URL, the embeddings settings, the table prefix). It scans the whole table, which the chat
 * role may not: run it as an operator, e.g. `kubectl run` with the chat image and a role that
 * adds dynamodb:Scan on that table.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, loadConfigOrExit } from '@tasksensei/platform';
import { ChatEnvSchema } from './config/chat.env.js';
import type { MessageRecord } from './conversations/message.store.js';
import { chromaCollectionNames, createChroma } from './memory/chroma.client.js';
import { ChromaMemoryStore } from './memory/chroma.memory-store.js';
import { chooseEmbeddings, memoryCollection } from './memory/embeddings.factory.js';
import { rebuildMemory } from './memory/rebuild/rebuild-memory.usecase.js';

const env = loadConfigOrExit(ChatEnvSchema);
const dynamo = createDynamo(env);
const embedding = chooseEmbeddings(env);
const collection = memoryCollection(env.CHROMA_COLLECTION, embedding.id);
const memory = new ChromaMemoryStore(createChroma(env.CHROMA_URL), embedding.embeddings, collection, chromaCollectionNames(env.CHROMA_URL));

async function* messages(): AsyncIterable<MessageRecord[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.table('chat-messages'), Limit: 200, ExclusiveStartKey: start }));
    yield (page.Items ?? []) as MessageRecord[];
    start = page.LastEvaluatedKey;
  } while (start);
}

const { scanned, remembered } = await rebuildMemory(messages(), memory);
process.stdout.write(`rebuilt ${collection}: ${remembered} memories from ${scanned} stored messages\n`);
