import { ChatError, type SendMessage, type SendMessageAck } from '@tasksensei/contracts';
import type { ConversationRecord, ConversationStore } from '../conversations/conversation.store.js';
import type { MessageRecord } from '../conversations/message.store.js';
import { replyPosition, turnPrefix, userPosition } from '../conversations/positions.js';
import type { PlanLimits } from '../plans/plan-limits.js';
import type { ReplyJob } from '../reply/reply-job.js';
import type { Clock } from '@tasksensei/platform';
import { newId } from '../shared/ids.js';
import type { ClientMessageStore } from './client-message.store.js';
import { MessageAdmission } from './message-admission.js';
import type { UsageStore } from './usage.store.js';

/** Starts replies: ReplyRunner, behind a port so the use case tests without a model. */
export interface ReplyStarter {
  /** The reply placeholder, and with `question` the user message it answers, in one write. */
  open(job: ReplyJob, createdAt: string, question?: MessageRecord): Promise<void>;
  /**
   * `admitted`: the placeholder written (`open`) and the claim made final; the reply keeps its
   * lease and streams only after it, and ends if it fails.
   */
  start(job: ReplyJob, acceptedAt?: number, admitted?: Promise<unknown>): void;
}

const TITLE_LENGTH = 60;

/**
 * `sendMessage`: acknowledged at once, answered in the background. A repeated clientMessageId
 * (a client retrying after a lost ack, a reconnect) gets the first ack back and nothing runs
 * twice: the (user, clientMessageId) claim is a conditional write. The plan's daily message
 * limit is an atomic counter; over it the message is refused (RATE_LIMITED, which the socket
 * layer turns into `message.error` `limit_exceeded`).
 */
export class SendMessageUseCase {
  private readonly admission: MessageAdmission;

  constructor(
    private readonly conversations: ConversationStore,
    clientMessages: ClientMessageStore,
    usage: UsageStore,
    limits: PlanLimits,
    private readonly replies: ReplyStarter,
    private readonly clock: Clock,
  ) {
    this.admission = new MessageAdmission(clientMessages, usage, limits);
  }

  async execute(userId: string, request: SendMessage): Promise<SendMessageAck> {
    const acceptedAt = performance.now();
    const now = this.clock.now();
    const at = now.toISOString();
    // The conversation is touched and read (one request) while the message is claimed (a claim of
    // a message to no conversation is released again); the reply's context reuses what was read.
    const existing = request.conversationId ? this.existing(userId, request.conversationId, at) : undefined;
    const admitted = await this.admission.admit(
      {
        userId,
        clientMessageId: request.clientMessageId,
        conversationId: request.conversationId ?? newId('c_'),
        userMessageId: newId('m_'),
        messageId: newId('m_'),
        state: 'pending',
        claimedAt: at,
      },
      now,
      existing,
    );
    if (admitted.kind === 'duplicate') return admitted.ack;
    const claim = admitted.claim;

    const { conversationId, userMessageId, messageId } = claim;
    const conversation = (await existing) ?? { userId, conversationId, title: titleOf(request.text), createdAt: at, updatedAt: at };
    const turn = turnPrefix(at, userMessageId);
    const job: ReplyJob = {
      userId,
      conversationId,
      turn,
      userMessage: { messageId: userMessageId, position: userPosition(turn), text: request.text, createdAt: at },
      reply: { conversationId, position: replyPosition(turn), messageId, userId },
      conversation,
    };
    // A new conversation, and the message with the reply placeholder in one write (each a put of
    // its own key: a retry after a partial failure writes the same items), then the claim made
    // final. The reply reads its context meanwhile and streams once all that is done.
    const accepted = Promise.all([
      request.conversationId ? undefined : this.conversations.create(conversation),
      this.replies.open(job, at, {
        conversationId,
        position: job.userMessage.position,
        messageId: userMessageId,
        userId,
        role: 'user',
        text: request.text,
        createdAt: at,
      }),
    ]).then(() => this.admission.accept(userId, request.clientMessageId));
    this.replies.start(job, acceptedAt, accepted);
    await accepted;
    return { conversationId, messageId };
  }

  private async existing(userId: string, conversationId: string, at: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.touchAndGet(userId, conversationId, at);
    if (!conversation) throw new ChatError('CONVERSATION_NOT_FOUND', 'No such conversation.');
    return conversation;
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
