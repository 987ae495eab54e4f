import { defineRequest } from '../common/request-contract.js';
import { Subjects, type ServiceName } from '../subjects.js';
import { PingReplySchema, PingRequestSchema } from './ping.js';

export * from './ping.js';

export const PingContracts = {
  auth: defineRequest({ subject: Subjects.auth.ping, request: PingRequestSchema, reply: PingReplySchema }),
  users: defineRequest({ subject: Subjects.users.ping, request: PingRequestSchema, reply: PingReplySchema }),
  files: defineRequest({ subject: Subjects.files.ping, request: PingRequestSchema, reply: PingReplySchema }),
  chat: defineRequest({ subject: Subjects.chat.ping, request: PingRequestSchema, reply: PingReplySchema }),
  billing: defineRequest({ subject: Subjects.billing.ping, request: PingRequestSchema, reply: PingReplySchema }),
} as const satisfies Record<ServiceName, unknown>;
