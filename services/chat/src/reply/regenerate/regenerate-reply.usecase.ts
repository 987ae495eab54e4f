import { ChatError, type SendMessageAck } from '@tasksensei/contracts';
import type { ConversationStore } from '../../conversations/conversation.store.js';
import type { MessageStore } from '../../conversations/message.store.js';
import { regeneratedTurn, replyPosition, userPositionOf } from '../../conversations/positions.js';
import type { MessageAdmission } from '../../send/message-admission.js';
import type { ReplyStarter } from '../../send/send-message.usecase.js';
import type { Clock } from '@tasksensei/platform';
import { newId } from '../../shared/ids.js';
import type { ReplyJob } from '../reply-job.js';

/**
 * `regenerate`: a new reply to the user message an earlier reply (completed, stopped or failed)
 * answered. The earlier reply stays in the history; the new one sorts right after it and sees
 * the conversation as it stood when the user message was sent. It costs a message of the day,
 * and a repeated clientMessageId gets the first ack back. Tools run again: a new reply has its
 * own (reply, call index) keys, so asking again really asks again.
 */
export class RegenerateReplyUseCase {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly admission: MessageAdmission,
    private readonly replies: ReplyStarter,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, request: { conversationId: string; messageId: string; clientMessageId: string }): Promise<SendMessageAck> {
    const { conversationId } = request;
    if (!(await this.conversations.get(userId, conversationId))) throw new ChatError('CONVERSATION_NOT_FOUND', 'No such conversation.');
    const records = await this.messages.list(conversationId);
    const previous = records.find((r) => r.messageId === request.messageId && r.role === 'assistant' && r.userId === userId);
    if (!previous) throw new ChatError('REPLY_NOT_FOUND', 'No such reply.');
    if (previous.state === 'generating') throw new ChatError('REPLY_IN_PROGRESS', 'That reply is still being written; stop it first.');
    const userPosition = userPositionOf(previous.position);
    const userMessage = records.find((r) => r.position === userPosition && r.role === 'user');
    if (!userMessage) throw new ChatError('REPLIED_MESSAGE_NOT_FOUND', 'The message that reply answered is gone.');

    const now = this.clock.now();
    const at = now.toISOString();
    const messageId = newId('m_');
    const admitted = await this.admission.admit(
      {
        userId,
        clientMessageId: request.clientMessageId,
        conversationId,
        userMessageId: userMessage.messageId,
        messageId,
        state: 'pending',
        claimedAt: at,
      },
      now,
    );
    if (admitted.kind === 'duplicate') return admitted.ack;

    const turn = regeneratedTurn(previous.position, at, admitted.claim.messageId);
    const job: ReplyJob = {
      userId,
      conversationId,
      turn,
      userMessage: {
        messageId: userMessage.messageId,
        position: userMessage.position,
        text: userMessage.text,
        createdAt: userMessage.createdAt,
      },
      reply: { conversationId, position: replyPosition(turn), messageId: admitted.claim.messageId, userId },
    };
    await this.replies.open(job, at);
    await this.admission.accept(userId, request.clientMessageId);
    await this.conversations.touch(userId, conversationId, at);
    this.replies.start(job);
    return { conversationId, messageId: admitted.claim.messageId };
  }
}
