import type { OnModuleDestroy } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { AutomationRunner } from '../automations/automation-runner.js';
import type { ContextBuilder } from '../context/context-builder.js';
import type { DocumentHit } from '../documents/chunks/document-chunk.js';
import { citationsIn } from '../documents/search/citations.js';
import type { ConversationSummarizer } from '../context/summarizer.js';
import type { ConversationStore, PendingQuestion } from '../conversations/conversation.store.js';
import type { MessageStore } from '../conversations/message.store.js';
import { toolPosition } from '../conversations/positions.js';
import type { ChatEvents } from '../events/chat-events.js';
import { memorableText, type MemoryCap } from '../memory/memory-policy.js';
import type { MemoryEntry, MemoryStore } from '../memory/memory.store.js';
import type { ChatLimits, PlanLimits } from '../plans/plan-limits.js';
import type { UserTimezones } from '../profile/user-timezone.js';
import type { Clock } from '@tasksensei/platform';
import { derivedId, newId } from '../shared/ids.js';
import { ModelError, runAgent, type ToolBoundModel } from './agent-loop.js';
import type { ChatMetrics } from './chat-metrics.js';
import type { ReplyJob } from './reply-job.js';

export interface ReplyRunnerOptions {
  readonly leaseMs: number;
  readonly maxSteps: number;
  /** How long a shutdown waits for replies in progress before failing them. */
  readonly shutdownGraceMs: number;
}

export interface ReplyRunnerDeps {
  readonly model: BaseChatModel;
  readonly automations: AutomationRunner;
  readonly context: ContextBuilder;
  readonly summarizer: ConversationSummarizer;
  readonly messages: MessageStore;
  readonly conversations: ConversationStore;
  readonly memory: MemoryStore;
  readonly memoryCap: MemoryCap;
  readonly events: ChatEvents;
  readonly limits: PlanLimits;
  readonly timezones: UserTimezones;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: ChatMetrics;
}

/** Why a reply was stopped from outside. */
class Stopped extends Error {
  constructor(readonly why: 'shutdown' | 'lease-lost' | 'user') {
    super(why);
  }
}

/** Settles (never resolves) when the signal aborts: a stop does not wait for the model. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** Attempts per reply: a model failure mid-reply is retried once (tools replay, see AutomationRunner). */
const ATTEMPTS = 2;
const RETRY_DELAY_MS = 500;

/**
 * Writes replies, after the ack and independently of any socket: a client that disconnects
 * mid-reply finds it stored when it comes back. Each reply is leased to this process and the
 * lease renewed while it is written; if the process dies, ReplyRecovery (any replica) sees the
 * lease run out, marks the reply failed and tells the user. Events go out in order per reply:
 * tokens (seq 0, 1, ...), automation.triggered per tool call, then message.completed or
 * message.error.
 */
export class ReplyRunner implements OnModuleDestroy {
  /** This process: owner of the leases it takes. */
  readonly owner = newId('p_', 12);
  private readonly model: ToolBoundModel;
  private readonly inFlight = new Map<string, { userId: string; done: Promise<void>; abort: AbortController }>();

  constructor(
    private readonly deps: ReplyRunnerDeps,
    private readonly options: ReplyRunnerOptions,
  ) {
    if (!deps.model.bindTools) throw new Error('the chat model cannot call tools');
    this.model = deps.model.bindTools(deps.automations.langChainTools()) as ToolBoundModel;
  }

  /** Stores the reply placeholder, leased to this process, before the message is acknowledged. */
  open(job: ReplyJob, createdAt: string): Promise<void> {
    return this.deps.messages.startReply(job.reply, createdAt, this.owner, this.leaseUntil());
  }

  /** Writes the reply in the background. */
  start(job: ReplyJob, acceptedAt = performance.now()): void {
    const abort = new AbortController();
    const done = this.generate(job, abort, acceptedAt).finally(() => this.inFlight.delete(job.reply.messageId));
    this.inFlight.set(job.reply.messageId, { userId: job.userId, done, abort });
  }

  /**
   * The user's stop: ends the reply this process is writing at once (what was streamed is kept
   * and stored as the reply, marked stopped). False when this process writes no such reply of
   * that user: another replica may (the stop signal reaches them all).
   */
  stop(userId: string, messageId: string): boolean {
    const running = this.inFlight.get(messageId);
    if (!running || running.userId !== userId || running.abort.signal.aborted) return false;
    running.abort.abort(new Stopped('user'));
    return true;
  }

  /** Replies still being written (tests and shutdown wait for them). */
  get pending(): number {
    return this.inFlight.size;
  }

  async onModuleDestroy(): Promise<void> {
    const running = [...this.inFlight.values()];
    if (running.length === 0) return;
    this.deps.logger.info({ replies: running.length }, 'waiting for replies in progress');
    const grace = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, this.options.shutdownGraceMs - 1_000)).unref());
    await Promise.race([Promise.all(running.map((r) => r.done)), grace]);
    for (const r of this.inFlight.values()) r.abort.abort(new Stopped('shutdown'));
    await Promise.all([...this.inFlight.values()].map((r) => r.done));
  }

  private async generate(job: ReplyJob, abort: AbortController, acceptedAt: number): Promise<void> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    // The request context (request id, user) is still current here: the logger's mixin adds it.
    const log = deps.logger.child({ conversationId, messageId });
    let seq = 0;
    let streamed = '';
    let limits: ChatLimits | undefined;
    // The passages the model was given, so that a stopped reply keeps its citations too.
    let passages: readonly DocumentHit[] = [];
    const publish = (event: ChatEvent) => deps.events.publish(event);
    const heartbeat = setInterval(() => {
      deps.messages.renewLease(job.reply, this.owner, this.leaseUntil()).then(
        (ours) => ours || abort.abort(new Stopped('lease-lost')),
        (error: unknown) => log.warn({ err: error }, 'could not renew the reply lease'),
      );
    }, Math.max(250, Math.floor(this.options.leaseMs / 3)));
    heartbeat.unref();

    try {
      const [timezone, planLimits] = await Promise.all([deps.timezones.timezoneFor(userId), deps.limits.limitsFor(userId)]);
      limits = planLimits;
      const now = deps.clock.now();
      const context = await deps.context.build({
        userId,
        conversationId,
        position: job.userMessage.position,
        messageIds: [job.userMessage.messageId, messageId],
        text: job.userMessage.text,
        now,
        timezone,
      });
      passages = context.passages;

      // After the search, so the message does not recall itself.
      const userRemembered = this.remember({ id: job.userMessage.messageId, userId, conversationId, role: 'user', text: job.userMessage.text, createdAt: job.userMessage.createdAt });

      let text = '';
      let pending: PendingQuestion | undefined;
      let forgot = false;
      for (let attempt = 1; ; attempt++) {
        let produced = '';
        try {
          const running = runAgent(
            this.model,
            context.messages,
            this.options.maxSteps,
            {
              onText: (delta) => {
                // After a stop nothing more reaches the client, even if the model goes on a moment.
                if (abort.signal.aborted) return;
                produced += delta;
                // A retry streams only what goes beyond what the client already has.
                if (produced.length <= streamed.length) return;
                const fresh = produced.slice(streamed.length);
                streamed = produced;
                if (seq === 0) deps.metrics?.firstToken.observe((performance.now() - acceptedAt) / 1000);
                publish({ event: 'message.token', userId, data: { conversationId, messageId, delta: fresh, seq: seq++ } });
              },
              runTool: async (call, index) => {
                if (abort.signal.aborted) throw abort.signal.reason as Error;
                if (call.name === 'forget_memory') forgot = true;
                const outcome = await deps.automations.run(
                  { name: call.name, args: call.args },
                  { userId, conversationId, messageId, callIndex: index, timezone, now: deps.clock.now(), limits: planLimits },
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
                publish({ event: 'automation.triggered', userId, data: { conversationId, messageId, name: outcome.name, input: outcome.input, result: outcome.result } });
                deps.metrics?.automations.inc({ name: outcome.name, outcome: outcome.result.ok ? 'ok' : outcome.result.error });
                return JSON.stringify(outcome.result);
              },
            },
            abort.signal,
          );
          running.catch(() => undefined);
          const result = await Promise.race([running, whenAborted(abort.signal)]);
          text = result.text;
          pending = pendingQuestion(result.pending);
          break;
        } catch (error) {
          if (abort.signal.aborted || attempt >= ATTEMPTS || !(error instanceof ModelError)) throw error;
          log.warn({ err: error, attempt }, 'the model failed mid-reply; retrying once');
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        }
      }

      const completedAt = deps.clock.now().toISOString();
      const citations = citationsIn(text, context.passages);
      if (!(await deps.messages.completeReply(job.reply, this.owner, text, completedAt, { citations }))) {
        log.warn('the reply was failed or deleted meanwhile; not storing it');
        return;
      }
      await deps.conversations.touch(userId, conversationId, completedAt);
      // The open question lives with the conversation: whichever replica takes the answer finds it.
      if (pending || context.pending) await deps.conversations.setPending(userId, conversationId, pending);
      // Completed means recallable too: the next message (or a delete) sees both in memory. A
      // "forget that ..." is not itself kept: it holds what was to be forgotten.
      if (forgot) await userRemembered.then(() => deps.memory.deleteByIds(userId, [job.userMessage.messageId]));
      // A reply drawn from the user's files is not remembered: the files are its source, and what it
      // said must go when they do (deleting a file leaves the assistant not knowing it).
      else await Promise.all([userRemembered, citations.length > 0 ? undefined : this.remember({ id: messageId, userId, conversationId, role: 'assistant', text, createdAt: completedAt })]);
      void this.enforceCap(userId, planLimits, citations.length > 0 ? 1 : 2);
      publish({ event: 'message.completed', userId, data: { conversationId, messageId, text, ...(citations.length > 0 ? { citations } : {}) } });
      deps.metrics?.replies.inc({ outcome: 'completed' });
      deps.metrics?.replyDuration.observe((performance.now() - acceptedAt) / 1000);
      if (context.summaryPlan) void deps.summarizer.summarise(userId, conversationId, context.summaryPlan);
    } catch (error) {
      const reason = abort.signal.reason as unknown;
      if (reason instanceof Stopped && reason.why === 'user') {
        await this.completeStopped(job, streamed, limits, passages, log);
        return;
      }
      if (reason instanceof Stopped && reason.why === 'lease-lost') {
        // A sweep decided this process was gone and has told the user already.
        log.warn('lost the lease of a reply in progress');
        return;
      }
      const code = reason instanceof Stopped ? 'reply_interrupted' : error instanceof ModelError ? 'model_unavailable' : 'reply_failed';
      const message =
        code === 'reply_interrupted'
          ? 'The assistant was restarted before it finished this reply; please send your message again.'
          : code === 'model_unavailable'
            ? 'The language model did not answer; please try again in a moment.'
            : 'Something went wrong while writing this reply.';
      log.error({ err: error, code }, 'reply failed');
      deps.metrics?.replies.inc({ outcome: code === 'reply_interrupted' ? 'interrupted' : 'failed' });
      const failed = await deps.messages.failReply(job.reply, code, { owner: this.owner }).catch((failError: unknown) => {
        log.error({ err: failError }, 'could not mark the reply failed');
        return false;
      });
      if (failed) publish({ event: 'message.error', userId, data: { conversationId, messageId, code, message } });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A stopped reply: what was streamed is the reply, stored and announced as stopped. */
  private async completeStopped(job: ReplyJob, streamed: string, limits: ChatLimits | undefined, passages: readonly DocumentHit[], log: Logger): Promise<void> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    const completedAt = deps.clock.now().toISOString();
    const citations = citationsIn(streamed, passages);
    if (!(await deps.messages.completeReply(job.reply, this.owner, streamed, completedAt, { stopped: true, citations }))) {
      log.warn('the stopped reply was failed or deleted meanwhile; not storing it');
      return;
    }
    await deps.conversations.touch(userId, conversationId, completedAt);
    await this.remember({ id: job.userMessage.messageId, userId, conversationId, role: 'user', text: job.userMessage.text, createdAt: job.userMessage.createdAt });
    // As a completed one: a stopped reply drawn from the user's files is not remembered.
    const remembered = streamed.trim() !== '' && citations.length === 0;
    if (remembered) await this.remember({ id: messageId, userId, conversationId, role: 'assistant', text: streamed, createdAt: completedAt });
    if (limits) void this.enforceCap(userId, limits, remembered ? 2 : 1);
    deps.events.publish({ event: 'message.completed', userId, data: { conversationId, messageId, text: streamed, ...(citations.length > 0 ? { citations } : {}), stopped: true } });
    deps.metrics?.replies.inc({ outcome: 'stopped' });
    log.info({ chars: streamed.length }, 'reply stopped by the user');
  }

  /** The plan's cap on memories: the oldest go (never fails a reply). */
  private async enforceCap(userId: string, limits: ChatLimits, added: number): Promise<void> {
    try {
      const forgotten = await this.deps.memoryCap.enforce(userId, limits.memories, added);
      if (forgotten > 0) this.deps.logger.info({ forgotten, cap: limits.memories }, 'forgot the oldest memories over the plan cap');
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not apply the memory cap');
    }
  }

  /**
   * Stores a message in memory, then makes sure its conversation still exists: a conversation
   * deleted while the vector was being written must not keep it (DeleteConversationUseCase
   * removes its row before its last sweep of vectors, so one of the two always sees the other).
   */
  private async remember(original: MemoryEntry): Promise<void> {
    const entry = { ...original, text: memorableText(original.text) };
    if (!entry.text.trim()) return;
    try {
      await this.deps.memory.remember([entry]);
      if (!(await this.deps.conversations.get(entry.userId, entry.conversationId))) await this.deps.memory.forgetConversation(entry.userId, entry.conversationId);
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: entry.conversationId }, 'could not check a remembered message against its conversation');
    }
  }

  private leaseUntil(): string {
    return new Date(this.deps.clock.now().getTime() + this.options.leaseMs).toISOString();
  }
}

/** The model's open question, if it is one of ours (a real model never sets it). */
function pendingQuestion(value: unknown): PendingQuestion | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Partial<PendingQuestion>;
  if (typeof candidate.name !== 'string' || typeof candidate.missing !== 'string' || !candidate.args || typeof candidate.args !== 'object') return undefined;
  return { name: candidate.name, args: candidate.args, missing: candidate.missing };
}
