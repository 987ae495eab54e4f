/**
 * `node services/chat/dist/rebuild-memory.js`: refills Chroma from DynamoDB's chat-messages after
 * Chroma's volume was lost (docs/operations.md#chroma), leaving out what users erased
 * (chat-forgotten). Reads the chat service's own environment (CHROMA_URL, the embeddings
 * settings, the table prefix). It scans the whole messages table, which the chat role may not:
 * run it as an operator, e.g. `kubectl run` with the chat image and a role that adds
 * dynamodb:Scan on that table (and Query on chat-forgotten).
 */
import { createDynamo, loadConfigOrExit } from '@tasksensei/platform';
import { ChatEnvSchema } from './config/chat.env.js';
import { chromaCollectionNames, createChroma } from './memory/chroma.client.js';
import { ChromaMemoryStore } from './memory/chroma.memory-store.js';
import { chooseEmbeddings, memoryCollection } from './memory/embeddings.factory.js';
import { DynamoForgottenRepository } from './memory/forgotten/forgotten.repository.js';
import { rebuildMemory } from './memory/rebuild/rebuild-memory.usecase.js';
import { storedMessages } from './memory/rebuild/stored-messages.js';

const env = loadConfigOrExit(ChatEnvSchema);
const dynamo = createDynamo(env);
const embedding = chooseEmbeddings(env);
const collection = memoryCollection(env.CHROMA_COLLECTION, embedding.id);
const memory = new ChromaMemoryStore(createChroma(env.CHROMA_URL), embedding.embeddings, collection, chromaCollectionNames(env.CHROMA_URL));

const { scanned, remembered, skipped } = await rebuildMemory(storedMessages(dynamo), memory, new DynamoForgottenRepository(dynamo));
process.stdout.write(
  `rebuilt ${collection}: ${remembered} memories from ${scanned} stored messages (${skipped} erased by their users left out)\n`,
);
