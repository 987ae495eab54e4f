#!/usr/bin/env node
/**
 * Offline model evaluation: `npm run eval -w @tasksensei/chat [-- --set dev|heldout|all] [--verbose]`.
 *
 * - Intents: each case is one message at a fixed "now" in a time zone; the compiled offline model
 *   answers through the real prompt (ContextBuilder) with the automations bound, as in the service.
 *   A case is right when the tool is right and every expected argument matches (titles by token
 *   F1 >= 0.8 after dropping articles and plural/-ing/-ed endings; times to the minute in the zone).
 * - Memory: user A says every fact of the set, user B a conflicting version of each, user C only
 *   small talk, all in one store with the offline embedding. Each question is asked by A and by B
 *   in a new conversation: recall = answers containing that user's fact (and not the other's);
 *   leaks = C's answers containing anyone's fact (must be 0).
 *
 * heldout.jsonl was written before the recogniser and is never tuned on; dev.jsonl is for tuning.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const { OfflineChatModel, textContent } = await import(join(dist, 'model/offline/offline-chat-model.js'));
const { ContextBuilder } = await import(join(dist, 'context/context-builder.js'));
const { InMemoryMemoryStore } = await import(join(dist, 'memory/in-memory.memory-store.js'));
const { OfflineEmbeddings } = await import(join(dist, 'memory/offline-embeddings.js'));
const { fromWallTime } = await import(join(dist, 'time/zoned.js'));

const args = process.argv.slice(2);
const setName = args.includes('--set') ? args[args.indexOf('--set') + 1] : 'all';
const verbose = args.includes('--verbose');
const sets = setName === 'all' ? ['dev', 'heldout', 'dev2', 'heldout2', 'dev3'] : setName.split(',');
const references = JSON.parse(readFileSync(join(here, 'references.json'), 'utf8'));
const TOOLS = [
  'create_task',
  'list_tasks',
  'complete_task',
  'schedule_reminder',
  'request_upload_link',
  'start_upgrade',
  'update_profile',
  'search_memory',
  'forget_memory',
];
const OPTIONS = { tokenBudget: 3000, memoryResults: 6, recentMessages: 12, summaryAfter: 12 };

const emptyConversations = { get: async () => undefined };
const emptyMessages = { list: async () => [] };

/** A conversation as the stores hold it between turns: its messages and the pending question. */
function conversationOf(turns) {
  const records = turns.flatMap((t, i) => [
    {
      conversationId: 'c_eval',
      position: `${String(i).padStart(4, '0')}a`,
      messageId: `mu${i}`,
      userId: 'u_eval',
      role: 'user',
      text: t.user,
      createdAt: '2026-01-01T00:00:00Z',
    },
    {
      conversationId: 'c_eval',
      position: `${String(i).padStart(4, '0')}b`,
      messageId: `ma${i}`,
      userId: 'u_eval',
      role: 'assistant',
      text: t.assistant,
      state: 'completed',
      createdAt: '2026-01-01T00:00:00Z',
    },
  ]);
  const pending = turns.at(-1)?.pending;
  return {
    conversations: {
      get: async () => ({
        userId: 'u_eval',
        conversationId: 'c_eval',
        title: 't',
        createdAt: '',
        updatedAt: '',
        ...(pending ? { pending } : {}),
      }),
    },
    messages: { list: async () => records },
  };
}

const model = new OfflineChatModel().bindTools(TOOLS.map((name) => ({ name })));

function load(name) {
  return readFileSync(join(here, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

async function ask(builder, userId, text, now, timezone) {
  const context = await builder.build({ userId, conversationId: 'c_eval', position: '~', messageIds: [], text, now, timezone });
  const reply = await model.invoke(context.messages);
  return { reply, context };
}

// ---- argument comparison, independent of the model's own helpers ----------------------------
const DROP = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'please']);
const crudeStem = (w) => w.replace(/(ing|ed|es|s)$/, '') || w;
const titleWords = (t) =>
  String(t ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !DROP.has(w))
    .map(crudeStem);
function titleF1(expected, actual) {
  const e = titleWords(expected);
  const a = titleWords(actual);
  if (!e.length || !a.length) return 0;
  const pool = [...a];
  let common = 0;
  for (const w of e) {
    const i = pool.indexOf(w);
    if (i >= 0) {
      common++;
      pool.splice(i, 1);
    }
  }
  const p = common / a.length;
  const r = common / e.length;
  return p + r ? (2 * p * r) / (p + r) : 0;
}
function localToIso(local, timezone) {
  const [date, time] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return fromWallTime({ year, month, day, hour, minute }, timezone).toISOString();
}
const sameMinute = (a, b) => Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000);

function compareArgs(expected, actual, timezone, tool) {
  const problems = [];
  for (const [key, want] of Object.entries(expected)) {
    if (key === 'title' && titleF1(want, actual.title) < 0.8)
      problems.push(`title ${JSON.stringify(actual.title)} != ${JSON.stringify(want)}`);
    else if (key === 'dueLocal' || key === 'dueLocalAny') {
      const wanted = (Array.isArray(want) ? want : [want]).map((w) => localToIso(w, timezone));
      if (!actual.dueAt || !wanted.some((w) => sameMinute(w, actual.dueAt)))
        problems.push(`dueAt ${actual.dueAt ?? '(none)'} not in ${wanted.join(' | ')}`);
    } else if (key === 'queryContains') {
      const query = String(actual.query ?? '').toLowerCase();
      for (const word of want) if (!query.includes(word)) problems.push(`query ${JSON.stringify(actual.query)} lacks "${word}"`);
    } else if (['displayName', 'company', 'filename'].includes(key)) {
      if (String(actual[key] ?? '').toLowerCase() !== String(want).toLowerCase())
        problems.push(`${key} ${JSON.stringify(actual[key])} != ${JSON.stringify(want)}`);
    } else if (key === 'status' && (actual.status ?? 'open') !== want) problems.push(`status ${actual.status} != ${want}`);
    else if (!['title', 'status', 'queryContains', 'displayName', 'company', 'filename'].includes(key) && actual[key] !== want)
      problems.push(`${key} ${JSON.stringify(actual[key])} != ${JSON.stringify(want)}`);
  }
  // A task without a date in the message must not get one invented.
  if (
    'title' in expected &&
    !('dueLocal' in expected) &&
    !('dueLocalAny' in expected) &&
    actual.dueAt &&
    expected.title !== undefined &&
    tool !== 'schedule_reminder'
  ) {
    problems.push(`unexpected dueAt ${actual.dueAt}`);
  }
  return problems;
}

// ---- intents -------------------------------------------------------------------------------
async function evalIntents(cases) {
  const builder = new ContextBuilder(emptyConversations, emptyMessages, new InMemoryMemoryStore(new OfflineEmbeddings()), OPTIONS);
  const byTool = new Map();
  let toolRight = 0;
  let allRight = 0;
  const failures = [];
  for (const c of cases) {
    const ref = references[c.ref];
    // A conversation of several turns: the earlier ones ask the user for something (no tool runs).
    const turns = c.turns ?? [c.text];
    const history = [];
    let reply;
    let problems = [];
    for (const [i, text] of turns.entries()) {
      const { conversations, messages } = conversationOf(history);
      const turnBuilder =
        i === 0 ? builder : new ContextBuilder(conversations, messages, new InMemoryMemoryStore(new OfflineEmbeddings()), OPTIONS);
      ({ reply } = await ask(turnBuilder, 'u_eval', text, new Date(ref.now), ref.timezone));
      if (i < turns.length - 1) {
        if (reply.tool_calls?.length) problems.push(`turn ${i + 1} ran ${reply.tool_calls.map((t) => t.name).join(', ')}`);
        history.push({ user: text, assistant: textContent(reply), pending: reply.additional_kwargs?.pending });
      }
    }
    const calls = reply.tool_calls ?? [];
    const expected = c.expect.calls ?? (c.expect.tool ? [{ tool: c.expect.tool, args: c.expect.args ?? {} }] : []);
    const key = expected.length > 1 ? '(several)' : (expected[0]?.tool ?? '(none)');
    const stats = byTool.get(key) ?? { n: 0, tool: 0, all: 0 };
    stats.n++;
    const names = calls.map((k) => k.name);
    const toolsRight = names.length === expected.length && expected.every((e, i) => e.tool === names[i]);
    if (!toolsRight) problems.push(`tools [${names.join(', ')}] != [${expected.map((e) => e.tool).join(', ')}]`);
    else {
      stats.tool++;
      toolRight++;
      expected.forEach((e, i) => problems.push(...compareArgs(e.args ?? {}, calls[i].args ?? {}, ref.timezone, e.tool)));
    }
    if (problems.length === 0) {
      stats.all++;
      allRight++;
    } else
      failures.push({
        id: c.id,
        text: turns.join(' / '),
        problems,
        got: calls.length ? calls.map((k) => ({ name: k.name, args: k.args })) : textContent(reply).slice(0, 120),
      });
    byTool.set(key, stats);
  }
  return { n: cases.length, toolRight, allRight, byTool, failures };
}

// ---- memory --------------------------------------------------------------------------------
const SMALL_TALK = [
  'hello there',
  'add a task to buy printer paper',
  'what is on my to-do list?',
  'thanks, that helps',
  'remind me tomorrow at 9 to call the bank',
  'the weather is lovely today',
  'I had a long day at work',
  'can you list my tasks',
  'mark buy printer paper as done',
  'I need to prepare the monthly report',
  'good morning',
  'upgrade me to pro',
  'we are planning a team lunch next week',
  'the meeting with the designers went well',
  'I am thinking about hiring an intern',
];

async function evalMemory(cases) {
  const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
  const at = '2026-02-01T10:00:00.000Z';
  let n = 0;
  const entries = [];
  for (const c of cases) {
    for (const fact of c.facts)
      entries.push({ id: `a${n++}`, userId: 'u_a', conversationId: `ca_${c.id}`, role: 'user', text: fact, createdAt: at });
    entries.push({ id: `b${n++}`, userId: 'u_b', conversationId: `cb_${c.id}`, role: 'user', text: c.other, createdAt: at });
  }
  for (const [i, text] of SMALL_TALK.entries()) {
    for (const user of ['u_a', 'u_b', 'u_c'])
      entries.push({ id: `s${user}${i}`, userId: user, conversationId: `cs_${user}`, role: 'user', text, createdAt: at });
  }
  await memory.remember(entries);
  const builder = new ContextBuilder(emptyConversations, emptyMessages, memory, OPTIONS);
  const now = new Date('2026-03-10T13:00:00Z');
  let recalled = 0;
  let retrieved = 0;
  const byStyle = {};
  let leaks = 0;
  const misses = [];
  for (const c of cases) {
    for (const [user, answer, wrong, fact] of [
      ['u_a', c.answer, c.otherAnswer, c.facts[0]],
      ['u_b', c.otherAnswer, c.answer, c.other],
    ]) {
      const { reply, context } = await ask(builder, user, c.question, now, 'Europe/Paris');
      const text = textContent(reply);
      const system = textContent(context.messages[0]);
      const style = (byStyle[c.style ?? 'unlabelled'] ??= { n: 0, recalled: 0, retrieved: 0 });
      style.n++;
      if (system.includes(fact)) {
        retrieved++;
        style.retrieved++;
      }
      if (text.toLowerCase().includes(answer.toLowerCase()) && !text.toLowerCase().includes(wrong.toLowerCase())) {
        recalled++;
        style.recalled++;
      } else misses.push({ id: c.id, user, question: c.question, expected: answer, got: text.slice(0, 120) });
    }
    const { reply } = await ask(builder, 'u_c', c.question, now, 'Europe/Paris');
    const text = textContent(reply).toLowerCase();
    if (text.includes(c.answer.toLowerCase()) || text.includes(c.otherAnswer.toLowerCase())) leaks++;
  }
  return { questions: cases.length * 2, recalled, retrieved, leaks, leakQuestions: cases.length, misses, byStyle };
}

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
const summary = {};
for (const name of sets) {
  const all = load(name);
  const intents = await evalIntents(all.filter((c) => c.kind !== 'memory'));
  const memory = await evalMemory(all.filter((c) => c.kind === 'memory'));
  summary[name] = {
    intentCases: intents.n,
    toolAccuracy: intents.toolRight / intents.n,
    toolAndArgsAccuracy: intents.allRight / intents.n,
    memoryRecall: memory.recalled / memory.questions,
    retrievalRecallAt6: memory.retrieved / memory.questions,
    crossUserLeaks: memory.leaks,
    memoryByStyle: memory.byStyle,
  };
  process.stdout.write(`\n== ${name} (${intents.n} intent cases, ${memory.questions} memory questions)\n`);
  process.stdout.write(`  right tool:                 ${intents.toolRight}/${intents.n} (${pct(intents.toolRight, intents.n)})\n`);
  process.stdout.write(`  right tool + arguments:     ${intents.allRight}/${intents.n} (${pct(intents.allRight, intents.n)})\n`);
  for (const [tool, s] of [...intents.byTool].sort())
    process.stdout.write(`    ${tool.padEnd(22)} ${s.all}/${s.n} (tool ${s.tool}/${s.n})\n`);
  process.stdout.write(
    `  memory recall (answer):     ${memory.recalled}/${memory.questions} (${pct(memory.recalled, memory.questions)})\n`,
  );
  process.stdout.write(
    `  memory in context (top 6):  ${memory.retrieved}/${memory.questions} (${pct(memory.retrieved, memory.questions)})\n`,
  );
  for (const [style, m] of Object.entries(memory.byStyle))
    process.stdout.write(
      `    ${style.padEnd(22)} recall ${m.recalled}/${m.n} (${pct(m.recalled, m.n)}), in context ${m.retrieved}/${m.n}\n`,
    );
  process.stdout.write(`  cross-user leaks:           ${memory.leaks}/${memory.leakQuestions}\n`);
  if (verbose) {
    for (const f of intents.failures)
      process.stdout.write(`  ✗ ${f.id} "${f.text}"\n      ${f.problems.join('; ')}\n      got ${JSON.stringify(f.got)}\n`);
    for (const m of memory.misses)
      process.stdout.write(`  ✗ ${m.id}/${m.user} "${m.question}" expected ${m.expected}\n      got ${JSON.stringify(m.got)}\n`);
  }
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
