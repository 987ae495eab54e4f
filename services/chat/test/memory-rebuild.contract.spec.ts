import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureAssertionKeys, freePort, startChroma, startDynalite, type Component } from '@tasksensei/devstack';
import { createDynamo, ensureTables, parseConfig, systemClock, type Dynamo } from '@tasksensei/platform';
import type { AutomationContext } from '../src/automations/automation.js';
import { forgetMemoryAutomation } from '../src/automations/memory/forget-memory.automation.js';
import { ChatEnvSchema } from '../src/config/chat.env.js';
import { DynamoConversationRepository } from '../src/conversations/conversation.repository.js';
import { DeleteConversationUseCase } from '../src/conversations/delete-conversation/delete-conversation.usecase.js';
import { DynamoMessageRepository } from '../src/conversations/message.repository.js';
import type { MessageRecord } from '../src/conversations/message.store.js';
import { ChatUserDataRepository } from '../src/erase-user/chat-user-data.repository.js';
import { chromaCollectionNames, createChroma } from '../src/memory/chroma.client.js';
import { ChromaMemoryStore } from '../src/memory/chroma.memory-store.js';
import { DeleteAllMemoriesUseCase } from '../src/memory/delete-all-memories/delete-all-memories.usecase.js';
import { DeleteMemoryUseCase } from '../src/memory/delete-memory/delete-memory.usecase.js';
import { chooseEmbeddings, memoryCollection } from '../src/memory/embeddings.factory.js';
import { ErasureRecordingMemory } from '../src/memory/forgotten/erasure-recording.memory.js';
import { DynamoForgottenRepository } from '../src/memory/forgotten/forgotten.repository.js';
import { rebuildMemory } from '../src/memory/rebuild/rebuild-memory.usecase.js';
import { storedMessages } from '../src/memory/rebuild/stored-messages.js';
import { newUserId } from './support/chat-client.js';

const run = promisify(execFile);
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'rebuild-memory.js');

/**
 * What users erased stays erased when Chroma's volume is lost and the memory is rebuilt from the
 * messages: a dynalite and a Chroma of this file's own, the chat service's repositories and use
 * cases, Chroma's data directory wiped, and the compiled `rebuild-memory.js` run as an operator would.
 */
let dataDir: string;
let dynalite: Component | undefined;
let chroma: Component | undefined;
let chromaPort: number;
let dynamo: Dynamo;
let env: Record<string, string>;

const startOwnChroma = () => startChroma({ port: chromaPort, dir: join(dataDir, 'chroma'), logDir: dataDir });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-rebuild-'));
  const dynamoPort = await freePort();
  chromaPort = await freePort();
  [dynalite, chroma] = await Promise.all([
    startDynalite({ port: dynamoPort, dir: join(dataDir, 'dynamodb'), logDir: dataDir }),
    startOwnChroma(),
  ]);
  env = {
    PATH: process.env.PATH ?? '',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
    DYNAMODB_TABLE_PREFIX: 'rebuild-',
    CHROMA_URL: `http://127.0.0.1:${chromaPort}`,
    CHROMA_COLLECTION: 'rebuild-memories',
    USER_ASSERTION_PUBLIC_KEYS: ensureAssertionKeys(join(dataDir, 'keys')).publicJwks,
    LOG_LEVEL: 'warn',
  };
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const { chatTables } = await import('../src/storage/tables.js');
  dynamo = createDynamo(parseConfig(ChatEnvSchema, env));
  await ensureTables(dynamo, chatTables(dynamo));
}, 150_000);

afterAll(async () => {
  dynamo?.client.destroy();
  await Promise.all([dynalite?.stop(), chroma?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The memory as the chat service and the script open it (same embedding, same collection). */
function chromaMemory(): ChromaMemoryStore {
  const parsed = parseConfig(ChatEnvSchema, env);
  const embedding = chooseEmbeddings(parsed);
  const collection = memoryCollection(parsed.CHROMA_COLLECTION, embedding.id);
  return new ChromaMemoryStore(createChroma(parsed.CHROMA_URL), embedding.embeddings, collection, chromaCollectionNames(parsed.CHROMA_URL));
}

const remembered = (m: MessageRecord) => ({
  id: m.messageId,
  userId: m.userId,
  conversationId: m.conversationId,
  role: 'user' as const,
  text: m.text,
  createdAt: m.createdAt,
});

const texts = async (memory: ChromaMemoryStore, userId: string) =>
  (await memory.list(userId, { limit: 100 })).items.map((m) => m.text).sort();

it('leaves out what was deleted, forgotten in chat or erased all at once, keeps the rest, and drops the records with the data', async () => {
  const [alice, bob] = [newUserId('alice'), newUserId('bob')];
  const conversations = new DynamoConversationRepository(dynamo);
  const messages = new DynamoMessageRepository(dynamo);
  const forgotten = new DynamoForgottenRepository(dynamo);
  let position = 0;
  const say = async (userId: string, conversationId: string, text: string, role: 'user' | 'assistant' = 'user') => {
    // Strictly increasing times: "everything until now" must not cover what is said after it.
    await new Promise((resolve) => setTimeout(resolve, 3));
    const createdAt = new Date().toISOString();
    position += 1;
    if (!(await conversations.get(userId, conversationId)))
      await conversations.create({ userId, conversationId, title: conversationId, createdAt, updatedAt: createdAt });
    const record: MessageRecord = {
      conversationId,
      position: String(position).padStart(6, '0'),
      messageId: `m-${conversationId}-${position}`,
      userId,
      role,
      text,
      createdAt,
      ...(role === 'assistant' ? { state: 'completed' as const } : {}),
    };
    await messages.put(record);
    return record;
  };
  const [ca, cb, cc] = [`a1-${alice}`, `b1-${bob}`, `a2-${alice}`];
  const felix = await say(alice, ca, 'My cat is called Felix.');
  await say(alice, ca, 'I work from Lisbon.');
  const alarm = await say(alice, ca, 'The alarm code is 4471.');
  const gym = await say(alice, cc, 'My gym locker is number 12.');
  await say(bob, cb, 'My cat is called Tom.');
  await say(bob, cb, 'I live in Oslo.');

  // The service's memory of them, then the user's erasures as the service makes them.
  const live = chromaMemory();
  await rebuildMemory(storedMessages(dynamo), live, forgotten);
  expect(await texts(live, alice)).toHaveLength(4);
  const erasing = new ErasureRecordingMemory(live, forgotten, systemClock);
  expect(await new DeleteMemoryUseCase(erasing, () => undefined).execute(alice, felix.messageId)).toEqual({ deleted: true });
  // "forget the alarm code": the request is stored (and remembered), its reply stored only.
  const request = await say(alice, ca, 'forget the alarm code');
  await live.remember([remembered(request)]);
  const reply = await say(alice, ca, 'Forgot 1 remembered message(s) about "the alarm code".', 'assistant');
  const context: AutomationContext = {
    userId: alice,
    conversationId: ca,
    messageId: reply.messageId,
    callIndex: 0,
    timezone: 'UTC',
    now: new Date(),
    limits: { planId: 'free', planName: 'Free', messagesPerDay: 50, automations: ['forget_memory'] },
  };
  expect(await forgetMemoryAutomation(erasing).run({ query: 'the alarm code' }, context)).toEqual(
    // The fact and the request naming it (remembered like any message); the reply is recorded too.
    expect.objectContaining({ ok: true, forgotten: 2 }),
  );
  await erasing.deleteByIds(alice, [request.messageId]);
  await erasing.forget(alice, gym.messageId);
  await new DeleteAllMemoriesUseCase(erasing, () => undefined).execute(bob);
  await live.remember([remembered(await say(bob, cb, 'I moved to Bergen.'))]);
  expect(await texts(live, alice)).toEqual(['I work from Lisbon.']);
  expect(await texts(live, bob)).toEqual(['I moved to Bergen.']);

  // Deleting a conversation drops the records of its erased messages (nothing left to leave out).
  expect((await forgotten.of(alice)).ids.has(gym.messageId)).toBe(true);
  expect(await new DeleteConversationUseCase(conversations, messages, live, forgotten).execute(alice, cc)).toEqual({ deleted: true });
  expect((await forgotten.of(alice)).ids.has(gym.messageId)).toBe(false);
  expect([...(await forgotten.of(alice)).ids].sort()).toEqual([felix, alarm, request, reply].map((m) => m.messageId).sort());

  // Chroma's volume is lost: its data directory wiped, the server started again empty.
  await chroma!.stop();
  rmSync(join(dataDir, 'chroma'), { recursive: true, force: true });
  chroma = await startOwnChroma();
  expect(await texts(chromaMemory(), alice)).toEqual([]);

  const { stdout } = await run(process.execPath, [SCRIPT], { env, timeout: 120_000 });
  expect(stdout).toMatch(/rebuilt rebuild-memories-\S+: 2 memories from 8 stored messages \(6 erased by their users left out\)/);
  const rebuilt = chromaMemory();
  expect(await texts(rebuilt, alice)).toEqual(['I work from Lisbon.']);
  expect(await texts(rebuilt, bob)).toEqual(['I moved to Bergen.']);

  // Erasing the account drops its records too.
  await new ChatUserDataRepository(dynamo).erase(alice);
  expect(await forgotten.of(alice)).toEqual({ ids: new Set() });
}, 240_000);
