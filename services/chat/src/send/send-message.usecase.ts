import { ErrorCode, ServiceError, type SendMessage, type SendMessageAck } from '@tasksensei/contracts';
import type { ConversationStore } from '../conversations/conversation.store.js';
import type { MessageStore } from '../conversations/message.store.js';
import { replyPosition, turnPrefix, userPosition } from '../conversations/positions.js';
import type { PlanLimits } from '../plans/plan-limits.js';
import type { ReplyJob } from '../reply/reply-job.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { ClientMessageRecord, ClientMessageStore } from './client-message.store.js';
import type { UsageStore } from './usage.store.js';

/** Starts replies: ReplyRunner, behind a port so the use case tests without a model. */
export interface ReplyStarter {
  open(job: ReplyJob, createdAt: string): Promise<void>;
  start(job: ReplyJob, acceptedAt?: number): void;
}

/** A claim still `pending` after this long was left by a process that died while accepting. */
const STALE_CLAIM_MS = 30_000;
const TITLE_LENGTH = 60;

/**
 * `sendMessage`: acknowledged at once, answered in the background. A repeated clientMessageId
 * (a client retrying after a lost ack, a reconnect) gets the first ack back and nothing runs
 * twice: the (user, clientMessageId) claim is a conditional write. The plan's daily message
 * limit is an atomic counter; over it the message is refused (RATE_LIMITED, which the socket
 * layer turns into `message.error` `limit_exceeded`).
 */
export class SendMessageUseCase {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly clientMessages: ClientMessageStore,
    private readonly usage: UsageStore,
    private readonly limits: PlanLimits,
    private readonly replies: ReplyStarter,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, request: SendMessage): Promise<SendMessageAck> {
    const acceptedAt = performance.now();
    const now = this.clock.now();
    const at = now.toISOString();
    if (request.conversationId && !(await this.conversations.get(userId, request.conversationId))) {
      throw new ServiceError(ErrorCode.NotFound, 'No such conversation.');
    }
    let claim: ClientMessageRecord = {
      userId,
      clientMessageId: request.clientMessageId,
      conversationId: request.conversationId ?? newId('c_'),
      userMessageId: newId('m_'),
      messageId: newId('m_'),
      state: 'pending',
      claimedAt: at,
    };
    const outcome = await this.clientMessages.claim(claim);
    if (outcome.kind === 'duplicate') {
      const previous = outcome.record;
      const stale = previous.state === 'pending' && now.getTime() - Date.parse(previous.claimedAt) > STALE_CLAIM_MS;
      if (!stale || !(await this.clientMessages.takeOver(previous, at))) {
        return { conversationId: previous.conversationId, messageId: previous.messageId, duplicate: true };
      }
      claim = { ...previous, claimedAt: at };
    }

    const day = at.slice(0, 10);
    try {
      const limits = await this.limits.limitsFor(userId);
      if (!(await this.usage.consume(userId, day, limits.messagesPerDay))) {
        const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
        throw new ServiceError(
          ErrorCode.RateLimited,
          `You have sent the ${limits.messagesPerDay} messages a day of the ${limits.planName} plan; the limit resets at 00:00 UTC. Upgrade for more.`,
          undefined,
          Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)),
        );
      }
    } catch (error) {
      // Not accepted: the same clientMessageId may be sent again later.
      await this.clientMessages.release(userId, request.clientMessageId);
      throw error;
    }

    const { conversationId, userMessageId, messageId } = claim;
    if (!request.conversationId) {
      await this.conversations.create({ userId, conversationId, title: titleOf(request.text), createdAt: at, updatedAt: at });
    }
    const turn = turnPrefix(at, userMessageId);
    const job: ReplyJob = {
      userId,
      conversationId,
      turn,
      userMessage: { messageId: userMessageId, position: userPosition(turn), text: request.text, createdAt: at },
      reply: { conversationId, position: replyPosition(turn), messageId, userId },
    };
    await this.messages.put({ conversationId, position: job.userMessage.position, messageId: userMessageId, userId, role: 'user', text: request.text, createdAt: at });
    await this.replies.open(job, at);
    await this.clientMessages.accept(userId, request.clientMessageId);
    await this.conversations.touch(userId, conversationId, at);
    this.replies.start(job, acceptedAt);
    return { conversationId, messageId };
  }
}

/** A conversation's title: its first message, cut at a word near 60 characters. */
export function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_LENGTH) return line;
  const cut = line.slice(0, TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
