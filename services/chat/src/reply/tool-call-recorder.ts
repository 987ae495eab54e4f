import type { AutomationRunner } from '../automations/automation-runner.js';
import type { MessageStore } from '../conversations/message.store.js';
import { toolPosition } from '../conversations/positions.js';
import type { ChatEvents } from '../events/chat-events.js';
import type { ChatLimits } from '../plans/plan-limits.js';
import type { Clock } from '@tasksensei/platform';
import { derivedId } from '../shared/ids.js';
import type { ChatMetrics } from './chat-metrics.js';
import type { ReplyJob } from './reply-job.js';

export interface ToolCall {
  readonly name: string;
  readonly args: unknown;
}

/** What a reply's tool calls run with. */
export interface ToolCallContext {
  readonly timezone: string;
  readonly limits: ChatLimits;
}

/**
 * A reply's tool call, run and recorded: the automation runs once per (reply, call index) (a
 * retried reply replays the stored outcome, see AutomationRunner), its description is stored as
 * the turn's tool message (a derived id and position: writing it twice writes the same item), the
 * user is told with `automation.triggered`, and the model gets the result as JSON.
 */
export class ToolCallRecorder {
  constructor(
    private readonly deps: {
      readonly automations: Pick<AutomationRunner, 'run'>;
      readonly messages: Pick<MessageStore, 'put'>;
      readonly events: ChatEvents;
      readonly clock: Clock;
      readonly metrics?: ChatMetrics;
    },
  ) {}

  async record(job: ReplyJob, call: ToolCall, index: number, context: ToolCallContext): Promise<string> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    const outcome = await deps.automations.run(
      { name: call.name, args: call.args },
      { userId, conversationId, messageId, callIndex: index, timezone: context.timezone, now: deps.clock.now(), limits: context.limits },
    );
    await deps.messages.put({
      conversationId,
      position: toolPosition(job.turn, index),
      messageId: derivedId('m_', messageId, 'tool', String(index)),
      userId,
      role: 'tool',
      text: outcome.description,
      createdAt: deps.clock.now().toISOString(),
    });
    deps.events.publish({
      event: 'automation.triggered',
      userId,
      data: { conversationId, messageId, name: outcome.name, input: outcome.input, result: outcome.result },
    });
    deps.metrics?.automations.inc({ name: outcome.name, outcome: outcome.result.ok ? 'ok' : outcome.result.error });
    return JSON.stringify(outcome.result);
  }
}
