import type { AuthReason } from '../auth/auth.reasons.js';
import type { BillingReason } from '../billing/billing.reasons.js';
import type { ChatReason } from '../chat/chat.reasons.js';
import type { FilesReason } from '../files/files.reasons.js';
import type { UsersReason } from '../users/users.reasons.js';
import type { CommonReason } from './error-code.js';
import { ServiceError } from './error.js';

// One class per service, as twenty's `CustomException<Code>`: `new FilesError('CHAT_...')` does
// not compile, so a service can only name its own reasons or the common ones. Each is still a
// ServiceError: the NATS handler sends its body and the caller rebuilds a ServiceError from it.

export class AuthError extends ServiceError<AuthReason | CommonReason> {}
export class UsersError extends ServiceError<UsersReason | CommonReason> {}
export class FilesError extends ServiceError<FilesReason | CommonReason> {}
export class ChatError extends ServiceError<ChatReason | CommonReason> {}
export class BillingError extends ServiceError<BillingReason | CommonReason> {}
