import { z } from 'zod';
import { defineRequest } from '../common/request-contract.js';
import { IndexStatusSchema } from '../events/file-indexed/file-indexed.event.js';
import { Subjects } from '../subjects.js';
import { subjectToken } from '../users/membership-updated/membership-updated.notification.js';

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

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
  z.object({ event: z.literal('message.token'), userId: z.string(), data: z.object({ conversationId: Id, messageId: Id, delta: z.string(), seq: z.number().int().nonnegative() }) }),
  z.object({
    event: z.literal('automation.triggered'),
    userId: z.string(),
    data: z.object({ conversationId: Id, messageId: Id.optional(), name: z.string(), input: z.unknown(), result: z.unknown() }),
  }),
  z.object({
    event: z.literal('message.completed'),
    userId: z.string(),
    data: z.object({ conversationId: Id, messageId: Id, text: z.string(), citations: z.array(CitationSchema).optional() }),
  }),
  z.object({
    event: z.literal('message.error'),
    userId: z.string(),
    data: z.object({ conversationId: Id.optional(), messageId: Id.optional(), code: z.string(), message: z.string() }),
  }),
  z.object({
    event: z.literal('file.indexed'),
    userId: z.string(),
    data: z.object({ fileId: z.string(), status: IndexStatusSchema.exclude(['pending']), chunks: z.number().int().nonnegative().optional(), error: z.string().optional() }),
  }),
  /** Progress of a file being read in the background (0..1), before its `file.indexed`. */
  z.object({
    event: z.literal('file.indexing'),
    userId: z.string(),
    data: z.object({ fileId: z.string(), progress: z.number().min(0).max(1), pages: z.number().int().nonnegative().optional() }),
  }),
  z.object({ event: z.literal('reminder.due'), userId: z.string(), data: z.object({ taskId: Id, title: z.string(), dueAt: z.iso.datetime({ offset: true }) }) }),
]);
export type ChatEvent = z.infer<typeof ChatEventSchema>;

export const ChatEventNotification = Object.freeze({
  wildcard: `${Subjects.chat.events}.*`,
  subjectFor: (userId: string) => `${Subjects.chat.events}.${subjectToken(userId)}`,
  data: ChatEventSchema,
});
