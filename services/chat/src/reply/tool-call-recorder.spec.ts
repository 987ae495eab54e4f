import type { ChatEvent } from '@tasksensei/contracts';
import type { AutomationContext } from '../automations/automation.js';
import type { AutomationOutcome, ToolCallRequest } from '../automations/automation-runner.js';
import type { MessageRecord } from '../conversations/message.store.js';
import { replyPosition, turnPrefix, userPosition } from '../conversations/positions.js';
import type { ChatLimits } from '../plans/plan-limits.js';
import type { ReplyJob } from './reply-job.js';
import { ToolCallRecorder } from './tool-call-recorder.js';

const FREE: ChatLimits = { planId: 'free', planName: 'Free', messagesPerDay: 50, automations: ['create_task'] };
const turn = turnPrefix('2026-03-10T13:00:00.000Z', 'm_user');
const job: ReplyJob = {
  userId: 'u1',
  conversationId: 'c1',
  turn,
  userMessage: { messageId: 'm_user', position: userPosition(turn), text: 'add a task to call Sam', createdAt: '2026-03-10T13:00:00.000Z' },
  reply: { conversationId: 'c1', position: replyPosition(turn), messageId: 'm_reply', userId: 'u1' },
};

function recorder(outcome: (call: ToolCallRequest) => AutomationOutcome) {
  const runs: [ToolCallRequest, AutomationContext][] = [];
  const stored: MessageRecord[] = [];
  const published: ChatEvent[] = [];
  const counted: Record<string, string>[] = [];
  const tools = new ToolCallRecorder({
    automations: {
      run: (call, context) => {
        runs.push([call, context]);
        return Promise.resolve(outcome(call));
      },
    },
    messages: { put: (record) => (stored.push(record), Promise.resolve()) },
    events: { publish: (event) => published.push(event) },
    clock: { now: () => new Date('2026-03-10T13:00:05.000Z') },
    metrics: { automations: { inc: (labels: Record<string, string>) => counted.push(labels) } } as never,
  });
  return { tools, runs, stored, published, counted };
}

const created = (call: ToolCallRequest): AutomationOutcome => ({
  name: call.name,
  input: call.args,
  result: { ok: true, task: { taskId: 't1', title: 'call Sam', status: 'open' } } as never,
  description: 'Created the task "call Sam".',
  replayed: false,
});

describe("a reply's tool call, run and recorded", () => {
  it("runs the automation with the reply's identity and plan, stores its line in the turn, tells the user and answers the model", async () => {
    const { tools, runs, stored, published, counted } = recorder(created);
    const answer = await tools.record(job, { name: 'create_task', args: { title: 'call Sam' } }, 1, {
      timezone: 'Europe/Paris',
      limits: FREE,
    });

    expect(JSON.parse(answer)).toEqual({ ok: true, task: { taskId: 't1', title: 'call Sam', status: 'open' } });
    expect(runs[0]![1]).toMatchObject({
      userId: 'u1',
      conversationId: 'c1',
      messageId: 'm_reply',
      callIndex: 1,
      timezone: 'Europe/Paris',
      limits: FREE,
    });
    expect(stored).toEqual([
      expect.objectContaining({
        conversationId: 'c1',
        userId: 'u1',
        role: 'tool',
        text: 'Created the task "call Sam".',
        position: `${turn}#1-0001`,
        createdAt: '2026-03-10T13:00:05.000Z',
      }),
    ]);
    // Between the user's message and the reply.
    expect(stored[0]!.position > job.userMessage.position && stored[0]!.position < job.reply.position).toBe(true);
    expect(published).toEqual([
      {
        event: 'automation.triggered',
        userId: 'u1',
        data: {
          conversationId: 'c1',
          messageId: 'm_reply',
          name: 'create_task',
          input: { title: 'call Sam' },
          result: { ok: true, task: { taskId: 't1', title: 'call Sam', status: 'open' } },
        },
      },
    ]);
    expect(counted).toEqual([{ name: 'create_task', outcome: 'ok' }]);
  });

  it('writes the same tool message again when a retried reply replays the call (same id, same place)', async () => {
    const { tools, stored } = recorder((call) => ({ ...created(call), replayed: true }));
    await tools.record(job, { name: 'create_task', args: {} }, 0, { timezone: 'UTC', limits: FREE });
    await tools.record(job, { name: 'create_task', args: {} }, 0, { timezone: 'UTC', limits: FREE });
    expect(stored[0]!.messageId).toBe(stored[1]!.messageId);
    expect(stored[0]!.position).toBe(stored[1]!.position);
    const other = recorder(created);
    await other.tools.record(job, { name: 'create_task', args: {} }, 1, { timezone: 'UTC', limits: FREE });
    expect(other.stored[0]!.messageId).not.toBe(stored[0]!.messageId);
  });

  it('counts a refused automation by its error', async () => {
    const { tools, counted } = recorder((call) => ({
      name: call.name,
      input: call.args,
      result: { ok: false, error: 'not_in_plan', message: 'Upgrade.' } as never,
      description: 'not in plan',
      replayed: false,
    }));
    expect(JSON.parse(await tools.record(job, { name: 'create_task', args: {} }, 0, { timezone: 'UTC', limits: FREE }))).toMatchObject({
      ok: false,
      error: 'not_in_plan',
    });
    expect(counted).toEqual([{ name: 'create_task', outcome: 'not_in_plan' }]);
  });
});
