import pino from 'pino';
import type { ChatLimits } from '../plans/plan-limits.js';
import type { AutomationRecord, AutomationRecordStore } from './automation-record.store.js';
import { AutomationRunner } from './automation-runner.js';
import type { AutomationContext } from './automation.js';
import { createTaskAutomation } from './tasks/create-task.automation.js';
import type { TaskRecord, TaskStore } from './tasks/task.store.js';

class MemoryRecords implements AutomationRecordStore {
  readonly rows = new Map<string, AutomationRecord>();
  get(messageId: string, callIndex: number) {
    return Promise.resolve(this.rows.get(`${messageId}#${callIndex}`));
  }
  start(record: AutomationRecord) {
    this.rows.set(`${record.messageId}#${record.callIndex}`, record);
    return Promise.resolve();
  }
  finish(messageId: string, callIndex: number, status: 'succeeded' | 'failed', result: unknown, finishedAt: string) {
    const key = `${messageId}#${callIndex}`;
    this.rows.set(key, { ...this.rows.get(key)!, status, result, finishedAt });
    return Promise.resolve();
  }
}

class MemoryTasks implements TaskStore {
  readonly rows = new Map<string, TaskRecord>();
  create(record: TaskRecord) {
    const existing = this.rows.get(record.taskId);
    if (!existing) this.rows.set(record.taskId, record);
    return Promise.resolve(existing ?? record);
  }
  get(_userId: string, taskId: string) {
    return Promise.resolve(this.rows.get(taskId));
  }
  list() {
    return Promise.resolve([...this.rows.values()]);
  }
  complete() {
    return Promise.resolve(undefined);
  }
}

const FREE: ChatLimits = { planId: 'free', planName: 'Free', messagesPerDay: 50, automations: ['create_task'] };
const context = (overrides: Partial<AutomationContext> = {}): AutomationContext => ({
  userId: 'u1',
  conversationId: 'c1',
  messageId: 'm1',
  callIndex: 0,
  timezone: 'Europe/Paris',
  now: new Date('2026-03-10T13:00:00Z'),
  limits: FREE,
  ...overrides,
});

describe('running automations', () => {
  let records: MemoryRecords;
  let tasks: MemoryTasks;
  let runner: AutomationRunner;

  beforeEach(() => {
    records = new MemoryRecords();
    tasks = new MemoryTasks();
    runner = new AutomationRunner(
      [createTaskAutomation(tasks)],
      records,
      { now: () => new Date('2026-03-10T13:00:00Z') },
      pino({ level: 'silent' }),
    );
  });

  it('records who ran what, when and with which result', async () => {
    const outcome = await runner.run({ name: 'create_task', args: { title: 'Call Sam', dueAt: '2026-03-11T10:00:00+01:00' } }, context());
    expect(outcome).toEqual(
      expect.objectContaining({
        replayed: false,
        input: { title: 'Call Sam', dueAt: '2026-03-11T09:00:00.000Z' },
        result: expect.objectContaining({ ok: true }),
      }),
    );
    expect(outcome.description).toBe('Created task "Call Sam", due Wed, 11 Mar 2026, 10:00 (Europe/Paris).');
    expect(records.rows.get('m1#0')).toEqual(
      expect.objectContaining({
        userId: 'u1',
        conversationId: 'c1',
        name: 'create_task',
        status: 'succeeded',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      }),
    );
  });

  it('answers a retried call (same reply, same index) from its record: the task exists once', async () => {
    const first = await runner.run({ name: 'create_task', args: { title: 'Call Sam' } }, context());
    const again = await runner.run({ name: 'create_task', args: { title: 'Call Sam' } }, context());
    expect(again.replayed).toBe(true);
    expect(again.result).toEqual(first.result);
    expect(tasks.rows.size).toBe(1);
    // Another call of the same reply is another task.
    await runner.run({ name: 'create_task', args: { title: 'Call Sam' } }, context({ callIndex: 1 }));
    expect(tasks.rows.size).toBe(2);
  });

  it('still writes one task when the record was lost after the task was created', async () => {
    await runner.run({ name: 'create_task', args: { title: 'Call Sam' } }, context());
    records.rows.clear();
    await runner.run({ name: 'create_task', args: { title: 'Call Sam' } }, context());
    expect(tasks.rows.size).toBe(1);
  });

  it('refuses invalid arguments, unknown tools and tools outside the plan, and records them', async () => {
    expect((await runner.run({ name: 'create_task', args: { title: '' } }, context())).result).toEqual(
      expect.objectContaining({ ok: false, error: 'invalid_arguments' }),
    );
    expect((await runner.run({ name: 'launch_rocket', args: {} }, context({ callIndex: 1 }))).result).toEqual(
      expect.objectContaining({ ok: false, error: 'unknown_tool' }),
    );
    const gated = await runner.run(
      { name: 'create_task', args: { title: 'x' } },
      context({ callIndex: 2, limits: { ...FREE, automations: [] } }),
    );
    expect(gated.result).toEqual(expect.objectContaining({ ok: false, error: 'not_in_plan' }));
    expect(tasks.rows.size).toBe(0);
    expect([...records.rows.values()].map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('gives the model every automation with its schema', () => {
    const [tool] = runner.langChainTools();
    expect(tool!.name).toBe('create_task');
    expect(tool!.description).toMatch(/task/);
  });
});
