import { z } from 'zod';
import { defineRequest } from '../common/request-contract.js';
import { IndexStatusSchema } from '../events/file-indexed/file-indexed.event.js';
import { Subjects } from '../subjects.js';
import { subjectToken } from '../users/membership-updated/membership-updated.notification.js';

const Id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/** API.md socket `sendMessage`; the user comes from the verified token, never from here. */
export const SendMessageSchema = z
  .object({
    conversationId: Id.optional(),
    text: z.string().trim().min(1, 'must not be empty').max(8_000, 'must be at most 8,000 characters'),
    clientMessageId: Id,
  })
  .strict();
export type SendMessage = z.infer<typeof SendMessageSchema>;

/** The acknowledgement: a repeated clientMessageId gets the first one's ids back, unprocessed. */
export const SendMessageAckSchema = z.object({ conversationId: Id, messageId: Id, duplicate: z.boolean().optional() });
export type SendMessageAck = z.infer<typeof SendMessageAckSchema>;

export const SendMessageContract = defineRequest({ subject: Subjects.chat.send, request: SendMessageSchema, reply: SendMessageAckSchema });

/** A file a reply drew on (API.md `citations`): the client links it to the file's download. */
export const CitationSchema = z.object({ fileId: z.string(), filename: z.string(), page: z.number().int().positive().optional() });
export type Citation = z.infer<typeof CitationSchema>;

export const ConversationSchema = z.object({ conversationId: Id, title: z.string(), updatedAt: z.iso.datetime({ offset: true }) });
export const MessageSchema = z.object({
  messageId: Id,
  role: z.enum(['user', 'assistant', 'tool']),
  text: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Replies that drew on the user's files: which ones (as in `message.completed`). */
  citations: z.array(CitationSchema).optional(),
  /** A reply the user stopped: `text` is what was written until then. */
  stopped: z.boolean().optional(),
});
export const TaskSchema = z.object({
  taskId: Id,
  title: z.string(),
  status: z.enum(['open', 'done']),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Conversation = z.infer<typeof ConversationSchema>;
export type ChatMessage = z.infer<typeof MessageSchema>;
export type Task = z.infer<typeof TaskSchema>;

export const ListConversationsContract = defineRequest({
  subject: Subjects.chat.listConversations,
  request: z.object({}).strict(),
  reply: z.array(ConversationSchema),
});
export const ListMessagesContract = defineRequest({
  subject: Subjects.chat.listMessages,
  request: z.object({ conversationId: Id }).strict(),
  reply: z.array(MessageSchema),
});
export const DeleteConversationContract = defineRequest({
  subject: Subjects.chat.deleteConversation,
  request: z.object({ conversationId: Id }).strict(),
  reply: z.object({ deleted: z.boolean() }),
});
export const ListTasksContract = defineRequest({
  subject: Subjects.chat.listTasks,
  request: z.object({}).strict(),
  reply: z.array(TaskSchema),
});

/** What the chat service pushes to a user's sockets; `event` is the socket.io event name of API.md. */
export const ChatEventSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('message.token'),
    userId: z.string(),
    data: z.object({ conversationId: Id, messageId: Id, delta: z.string(), seq: z.number().int().nonnegative() }),
  }),
  z.object({
    event: z.literal('automation.triggered'),
    userId: z.string(),
    data: z.object({ conversationId: Id, messageId: Id.optional(), name: z.string(), input: z.unknown(), result: z.unknown() }),
  }),
  z.object({
    event: z.literal('message.completed'),
    userId: z.string(),
    data: z.object({
      conversationId: Id,
      messageId: Id,
      text: z.string(),
      citations: z.array(CitationSchema).optional(),
      stopped: z.boolean().optional(),
    }),
  }),
  z.object({
    event: z.literal('message.error'),
    userId: z.string(),
    data: z.object({ conversationId: Id.optional(), messageId: Id.optional(), code: z.string(), message: z.string() }),
  }),
  z.object({
    event: z.literal('file.indexed'),
    userId: z.string(),
    data: z.object({
      fileId: z.string(),
      status: IndexStatusSchema.exclude(['pending']),
      chunks: z.number().int().nonnegative().optional(),
      error: z.string().optional(),
    }),
  }),
  /** Progress of a file being read in the background (0..1), before its `file.indexed`. */
  z.object({
    event: z.literal('file.indexing'),
    userId: z.string(),
    data: z.object({ fileId: z.string(), progress: z.number().min(0).max(1), pages: z.number().int().nonnegative().optional() }),
  }),
  z.object({
    event: z.literal('reminder.due'),
    userId: z.string(),
    data: z.object({ taskId: Id, title: z.string(), dueAt: z.iso.datetime({ offset: true }) }),
  }),
]);
export type ChatEvent = z.infer<typeof ChatEventSchema>;

export const ChatEventNotification = Object.freeze({
  wildcard: `${Subjects.chat.events}.*`,
  subjectFor: (userId: string) => `${Subjects.chat.events}.${subjectToken(userId)}`,
  data: ChatEventSchema,
});

/** Events of one reply, as the reply log keeps them for a replay. */
export const ReplyLogSubjects = Object.freeze({
  subjectFor: (messageId: string) => `${Subjects.chat.replyLog}.${messageId}`,
});

/** API.md socket `stopMessage`. */
export const StopReplySchema = z.object({ messageId: Id }).strict();
export const StopReplyContract = defineRequest({
  subject: Subjects.chat.stopReply,
  request: StopReplySchema,
  /** `stopped: false` when no replica is writing that reply of the caller (finished, or not theirs). */
  reply: z.object({ stopped: z.boolean() }),
});
/** Chat to chat: the signal every replica hears; only the replica writing the reply answers. */
export const StopReplySignalSchema = z.object({ userId: z.string().min(1), messageId: Id });

/** API.md socket `resume`. */
export const ResumeReplySchema = z.object({ messageId: Id, afterSeq: z.number().int().min(-1) }).strict();
export const ResumeReplyContract = defineRequest({
  subject: Subjects.chat.resumeReply,
  request: ResumeReplySchema,
  /**
   * The reply's events after `afterSeq` in order (tokens, automations, then its completion or
   * error if it has ended); `found: false` when the log has no such reply of the caller.
   */
  reply: z.object({ found: z.boolean(), events: z.array(ChatEventSchema) }),
});

/** Socket `regenerate`: a new reply to the user message that `messageId` (a reply) answered. */
export const RegenerateReplySchema = z.object({ conversationId: Id, messageId: Id, clientMessageId: Id }).strict();
export const RegenerateReplyContract = defineRequest({
  subject: Subjects.chat.regenerateReply,
  request: RegenerateReplySchema,
  reply: SendMessageAckSchema,
});

/** API.md `GET /memories`. */
export const MemorySchema = z.object({
  memoryId: Id,
  text: z.string(),
  conversationId: Id.optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Memory = z.infer<typeof MemorySchema>;
export const MemoryPageSchema = z.object({ items: z.array(MemorySchema), next: z.string().optional() });
export const ListMemoriesContract = defineRequest({
  subject: Subjects.chat.listMemories,
  request: z.object({ cursor: z.string().min(1).max(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict(),
  reply: MemoryPageSchema,
});
export const DeleteMemoryContract = defineRequest({
  subject: Subjects.chat.deleteMemory,
  request: z.object({ memoryId: Id }).strict(),
  reply: z.object({ deleted: z.boolean() }),
});
export const DeleteAllMemoriesContract = defineRequest({
  subject: Subjects.chat.deleteAllMemories,
  request: z.object({}).strict(),
  reply: z.object({ deleted: z.literal(true) }),
});
