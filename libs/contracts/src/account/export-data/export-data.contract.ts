import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { MessageSchema, TaskSchema } from '../../chat/chat.contract.js';
import { ProfileSchema } from '../../users/profile/profile.schema.js';

/**
 * What files' export builder asks each service for. It runs in the background, without a user
 * request: it calls the internal twins of these subjects (only files may publish them,
 * InternalCalls) naming the user as `x-on-behalf-of`; the handlers take the user from the caller
 * (`requireUser`), never from the body.
 */
const ExportDataRequestSchema = z.object({}).strict();
const Timestamp = z.iso.datetime({ offset: true });

export const UsersExportDataContract = defineRequest({
  subject: Subjects.users.exportData,
  request: ExportDataRequestSchema,
  reply: z.object({ profile: ProfileSchema.nullable() }),
});

export const ChatExportDataSchema = z.object({
  conversations: z.array(
    z.object({
      conversationId: z.string(),
      title: z.string(),
      createdAt: Timestamp,
      updatedAt: Timestamp,
      summary: z.string().optional(),
      messages: z.array(MessageSchema),
    }),
  ),
  tasks: z.array(TaskSchema.extend({ completedAt: Timestamp.optional() })),
  reminders: z.array(
    z.object({
      reminderId: z.string(),
      taskId: z.string(),
      title: z.string(),
      dueAt: Timestamp,
      state: z.string(),
      deliveredAt: Timestamp.optional(),
    }),
  ),
  automations: z.array(
    z.object({
      messageId: z.string(),
      conversationId: z.string(),
      name: z.string(),
      input: z.json(),
      status: z.string(),
      result: z.json().optional(),
      startedAt: Timestamp,
      finishedAt: Timestamp.optional(),
    }),
  ),
  memories: z.array(
    z.object({
      memoryId: z.string(),
      text: z.string(),
      conversationId: z.string().optional(),
      role: z.string().optional(),
      createdAt: z.string().optional(),
      collection: z.string(),
    }),
  ),
});
export type ChatExportData = z.infer<typeof ChatExportDataSchema>;

export const ChatExportDataContract = defineRequest({
  subject: Subjects.chat.exportData,
  request: ExportDataRequestSchema,
  reply: ChatExportDataSchema,
});

export const BillingExportDataSchema = z.object({
  subscription: z
    .object({
      tier: z.string(),
      status: z.string(),
      stripeCustomerId: z.string().optional(),
      stripeSubscriptionId: z.string().optional(),
      currentPeriodEnd: Timestamp.optional(),
      updatedAt: Timestamp,
    })
    .nullable(),
  /** Stripe events billing received for the user: id, type, when, what it did. */
  stripeEvents: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      created: z.number(),
      outcome: z.string(),
      reason: z.string().optional(),
      receivedAt: z.string().optional(),
    }),
  ),
  /** The membership changes billing announced (membership.* events). */
  membershipChanges: z.array(
    z.object({ eventId: z.string(), subject: z.string(), createdAt: Timestamp, status: z.string(), change: z.json() }),
  ),
});
export type BillingExportData = z.infer<typeof BillingExportDataSchema>;

export const BillingExportDataContract = defineRequest({
  subject: Subjects.billing.exportData,
  request: ExportDataRequestSchema,
  reply: BillingExportDataSchema,
});
