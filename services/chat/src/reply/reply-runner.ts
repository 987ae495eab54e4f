import type { OnModuleDestroy } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { Clock, Logger } from '@tasksensei/platform';
import type { AutomationRunner } from '../automations/automation-runner.js';
import type { ContextBuilder } from '../context/context-builder.js';
import type { DocumentHit } from '../documents/chunks/document-chunk.js';
import { citationsIn } from '../documents/search/citations.js';
import type { ConversationSummarizer } from '../context/summarizer.js';
import type { ConversationStore, PendingQuestion } from '../conversations/conversation.store.js';
import type { MessageRecord, MessageStore } from '../conversations/message.store.js';
import type { ChatEvents } from '../events/chat-events.js';
import type { MemoryCap } from '../memory/memory-policy.js';
import type { MemoryWriter } from '../memory/memory-writer.js';
import type { MemoryStore } from '../memory/memory.store.js';
import type { ChatLimits, PlanLimits } from '../plans/plan-limits.js';
import type { UserTimezones } from '../profile/user-timezone.js';
import { ModelError, runAgent, type ToolBoundModel } from './agent-loop.js';
import type { ChatMetrics } from './chat-metrics.js';
import type { KeptLease, LeaseHeartbeat } from './lease-heartbeat.js';
import { replyEnding, Stopped, whenAborted } from './reply-failure.js';
import type { ReplyJob } from './reply-job.js';
import type { ToolCallContext, ToolCallRecorder } from './tool-call-recorder.js';

export interface ReplyRunnerOptions {
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
  /** For a "forget that": the message just remembered is deleted again. */
  readonly memory: Pick<MemoryStore, 'deleteByIds'>;
  readonly memoryWriter: MemoryWriter;
  readonly memoryCap: MemoryCap;
  readonly events: ChatEvents;
  readonly limits: PlanLimits;
  readonly timezones: UserTimezones;
  readonly lease: LeaseHeartbeat;
  readonly tools: ToolCallRecorder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: ChatMetrics;
}

/** Attempts per reply: a model failure mid-reply is retried once (tools replay, see AutomationRunner). */
const ATTEMPTS = 2;
const RETRY_DELAY_MS = 500;

/** What the client has of a reply: its tokens up to `seq` (exclusive), `text` in all. */
interface Streamed {
  seq: number;
  text: string;
}

/** The model's answer to a reply, after retries. */
interface Answer {
  readonly text: string;
  readonly pending?: PendingQuestion;
  /** The model called forget_memory: the message asking it is not kept either. */
  readonly forgot: boolean;
}

/**
 * Writes replies, after the ack and independently of any socket: a client that disconnects
 * mid-reply finds it stored when it comes back. Each reply is leased to this process and the
 * lease renewed while it is written (LeaseHeartbeat); if the process dies, ReplyRecovery (any
 * replica) sees the lease run out, marks the reply failed and tells the user. Events go out in
 * order per reply: tokens (seq 0, 1, ...), automation.triggered per tool call (ToolCallRecorder),
 * then message.completed or message.error (reply-failure.ts says which).
 *
 * On the way to the first token there are only reads, all at once (plan and zone, both cached;
 * history, memory, files; the conversation comes read with the job), and the claim being made
 * final; the messages are remembered through the batching MemoryWriter, awaited only before the
 * completion is announced. A conversation's `updatedAt` is its last message's (touched when the
 * message is sent), not moved again when the reply completes.
 */
export class ReplyRunner implements OnModuleDestroy {
  private readonly model: ToolBoundModel;
  private readonly inFlight = new Map<string, { userId: string; done: Promise<void>; abort: AbortController }>();

  constructor(
    private readonly deps: ReplyRunnerDeps,
    private readonly options: ReplyRunnerOptions,
  ) {
    if (!deps.model.bindTools) throw new Error('the chat model cannot call tools');
    this.model = deps.model.bindTools(deps.automations.langChainTools()) as ToolBoundModel;
  }

  /** This process: owner of the leases it takes. */
  get owner(): string {
    return this.deps.lease.owner;
  }

  /**
   * Stores the reply placeholder, leased to this process, before the message is acknowledged;
   * with `question`, the user message it answers in the same write.
   */
  open(job: ReplyJob, createdAt: string, question?: MessageRecord): Promise<void> {
    return this.deps.messages.startReply(job.reply, createdAt, this.owner, this.deps.lease.leaseUntil(), question);
  }

  /**
   * Writes the reply in the background. Its context is read at once; with `admitted` (the reply
   * placeholder being written and the message's claim made final, by the caller), the lease is
   * kept and the model asked only once that is done, and the reply ends if it fails.
   */
  start(job: ReplyJob, acceptedAt = performance.now(), admitted?: Promise<unknown>): void {
    const abort = new AbortController();
    admitted?.catch(() => undefined);
    const done = this.generate(job, abort, acceptedAt, admitted).finally(() => this.inFlight.delete(job.reply.messageId));
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
    if (running.length > 0) {
      this.deps.logger.info({ replies: running.length }, 'waiting for replies in progress');
      const grace = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, this.options.shutdownGraceMs - 1_000)).unref());
      await Promise.race([Promise.all(running.map((r) => r.done)), grace]);
      for (const r of this.inFlight.values()) r.abort.abort(new Stopped('shutdown'));
      await Promise.all([...this.inFlight.values()].map((r) => r.done));
    }
    // The replies are over: what they queued for memory is written before the process goes.
    await this.deps.memoryWriter.close();
  }

  private async generate(job: ReplyJob, abort: AbortController, acceptedAt: number, admitted?: Promise<unknown>): Promise<void> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    // The request context (request id, user) is still current here: the logger's mixin adds it.
    const log = deps.logger.child({ conversationId, messageId });
    const streamed: Streamed = { seq: 0, text: '' };
    let limits: ChatLimits | undefined;
    // The passages the model was given, so that a stopped reply keeps its citations too.
    let passages: readonly DocumentHit[] = [];
    let lease: KeptLease | undefined;

    try {
      // Every read at once: the zone is awaited by the context only where the prompt needs it.
      const timezone = deps.timezones.timezoneFor(userId);
      const reading = Promise.all([
        deps.limits.limitsFor(userId),
        deps.context.build({
          userId,
          conversationId,
          position: job.userMessage.position,
          messageIds: [job.userMessage.messageId, messageId],
          text: job.userMessage.text,
          now: deps.clock.now(),
          timezone,
          ...(job.conversation ? { conversation: job.conversation } : {}),
        }),
      ]);
      reading.catch(() => undefined);
      // The placeholder written and the claim final (a send's own writes, meanwhile): from then on
      // the lease is this process's to keep, and a failure below has a reply to mark.
      await admitted;
      lease = deps.lease.keep(job.reply, () => abort.abort(new Stopped('lease-lost')), log);
      const [planLimits, context] = await reading;
      limits = planLimits;
      passages = context.passages;

      // After the search, so the message does not recall itself; written in a batch, off this path.
      const userRemembered = this.rememberUserMessage(job);
      const answer = await this.answer(
        job,
        context.messages,
        { timezone: await timezone, limits: planLimits },
        abort.signal,
        streamed,
        acceptedAt,
        log,
      );

      const completedAt = deps.clock.now().toISOString();
      const citations = citationsIn(answer.text, context.passages);
      if (!(await deps.messages.completeReply(job.reply, this.owner, answer.text, completedAt, { citations }))) {
        log.warn('the reply was failed or deleted meanwhile; not storing it');
        return;
      }
      // The open question lives with the conversation: whichever replica takes the answer finds it.
      if (answer.pending || context.pending) await deps.conversations.setPending(userId, conversationId, answer.pending);
      // Completed means recallable too: the next message (or a delete) sees both in memory. A
      // "forget that ..." is not itself kept: it holds what was to be forgotten.
      if (answer.forgot) await userRemembered.then(() => deps.memory.deleteByIds(userId, [job.userMessage.messageId]));
      // A reply drawn from the user's files is not remembered: the files are its source, and what it
      // said must go when they do (deleting a file leaves the assistant not knowing it).
      else
        await Promise.all([
          userRemembered,
          citations.length > 0
            ? undefined
            : deps.memoryWriter.remember({
                id: messageId,
                userId,
                conversationId,
                role: 'assistant',
                text: answer.text,
                createdAt: completedAt,
              }),
        ]);
      void this.enforceCap(userId, planLimits, citations.length > 0 ? 1 : 2);
      deps.events.publish({
        event: 'message.completed',
        userId,
        data: { conversationId, messageId, text: answer.text, ...(citations.length > 0 ? { citations } : {}) },
      });
      deps.metrics?.replies.inc({ outcome: 'completed' });
      deps.metrics?.replyDuration.observe((performance.now() - acceptedAt) / 1000);
      if (context.summaryPlan) void deps.summarizer.summarise(userId, conversationId, context.summaryPlan);
    } catch (error) {
      const ending = replyEnding(abort.signal.reason, error);
      if (ending.kind === 'stopped') {
        await this.completeStopped(job, streamed.text, limits, passages, log);
        return;
      }
      if (ending.kind === 'lease-lost') {
        // A sweep decided this process was gone and has told the user already.
        log.warn('lost the lease of a reply in progress');
        return;
      }
      const { code, message } = ending;
      log.error({ err: error, code }, 'reply failed');
      deps.metrics?.replies.inc({ outcome: ending.outcome });
      const failed = await deps.messages.failReply(job.reply, code, { owner: this.owner }).catch((failError: unknown) => {
        log.error({ err: failError }, 'could not mark the reply failed');
        return false;
      });
      if (failed) deps.events.publish({ event: 'message.error', userId, data: { conversationId, messageId, code, message } });
    } finally {
      lease?.stop();
    }
  }

  /**
   * The model's answer, streamed as it comes. A model failure mid-reply is retried once; the retry
   * streams only what goes beyond what the client already has (`streamed`), and its tool calls
   * replay the recorded outcomes. A stop ends it at once, whatever the model does.
   */
  private async answer(
    job: ReplyJob,
    messages: BaseMessage[],
    tools: ToolCallContext,
    signal: AbortSignal,
    streamed: Streamed,
    acceptedAt: number,
    log: Logger,
  ): Promise<Answer> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    let forgot = false;
    for (let attempt = 1; ; attempt++) {
      let produced = '';
      try {
        const running = runAgent(
          this.model,
          messages,
          this.options.maxSteps,
          {
            onText: (delta) => {
              // After a stop nothing more reaches the client, even if the model goes on a moment.
              if (signal.aborted) return;
              produced += delta;
              if (produced.length <= streamed.text.length) return;
              const fresh = produced.slice(streamed.text.length);
              streamed.text = produced;
              if (streamed.seq === 0) deps.metrics?.firstToken.observe((performance.now() - acceptedAt) / 1000);
              deps.events.publish({
                event: 'message.token',
                userId,
                data: { conversationId, messageId, delta: fresh, seq: streamed.seq++ },
              });
            },
            runTool: (call, index) => {
              if (signal.aborted) throw signal.reason as Error;
              if (call.name === 'forget_memory') forgot = true;
              return deps.tools.record(job, call, index, tools);
            },
          },
          signal,
        );
        running.catch(() => undefined);
        const result = await Promise.race([running, whenAborted(signal)]);
        const pending = pendingQuestion(result.pending);
        return { text: result.text, forgot, ...(pending ? { pending } : {}) };
      } catch (error) {
        if (signal.aborted || attempt >= ATTEMPTS || !(error instanceof ModelError)) throw error;
        log.warn({ err: error, attempt }, 'the model failed mid-reply; retrying once');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  /** A stopped reply: what was streamed is the reply, stored and announced as stopped. */
  private async completeStopped(
    job: ReplyJob,
    streamed: string,
    limits: ChatLimits | undefined,
    passages: readonly DocumentHit[],
    log: Logger,
  ): Promise<void> {
    const { deps } = this;
    const { userId, conversationId } = job;
    const messageId = job.reply.messageId;
    const completedAt = deps.clock.now().toISOString();
    const citations = citationsIn(streamed, passages);
    if (!(await deps.messages.completeReply(job.reply, this.owner, streamed, completedAt, { stopped: true, citations }))) {
      log.warn('the stopped reply was failed or deleted meanwhile; not storing it');
      return;
    }
    // As a completed one: a stopped reply drawn from the user's files is not remembered.
    const remembered = streamed.trim() !== '' && citations.length === 0;
    await Promise.all([
      this.rememberUserMessage(job),
      remembered
        ? deps.memoryWriter.remember({ id: messageId, userId, conversationId, role: 'assistant', text: streamed, createdAt: completedAt })
        : undefined,
    ]);
    if (limits) void this.enforceCap(userId, limits, remembered ? 2 : 1);
    deps.events.publish({
      event: 'message.completed',
      userId,
      data: { conversationId, messageId, text: streamed, ...(citations.length > 0 ? { citations } : {}), stopped: true },
    });
    deps.metrics?.replies.inc({ outcome: 'stopped' });
    log.info({ chars: streamed.length }, 'reply stopped by the user');
  }

  /** The plan's cap on memories: the oldest go (never fails a reply). */
  /** The job's user message, to the memory writer's next batch. */
  private rememberUserMessage(job: ReplyJob) {
    const { userId, conversationId, userMessage } = job;
    return this.deps.memoryWriter.remember({
      id: userMessage.messageId,
      userId,
      conversationId,
      role: 'user',
      text: userMessage.text,
      createdAt: userMessage.createdAt,
    });
  }

  private async enforceCap(userId: string, limits: ChatLimits, added: number): Promise<void> {
    try {
      const forgotten = await this.deps.memoryCap.enforce(userId, limits.memories, added);
      if (forgotten > 0) this.deps.logger.info({ forgotten, cap: limits.memories }, 'forgot the oldest memories over the plan cap');
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not apply the memory cap');
    }
  }
}

/** The model's open question, if it is one of ours (a real model never sets it). */
function pendingQuestion(value: unknown): PendingQuestion | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Partial<PendingQuestion>;
  if (typeof candidate.name !== 'string' || typeof candidate.missing !== 'string' || !candidate.args || typeof candidate.args !== 'object')
    return undefined;
  return { name: candidate.name, args: candidate.args, missing: candidate.missing };
}
