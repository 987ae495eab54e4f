import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why chat refuses a request (thrown as `ChatError`). */
export const ChatReasons = {
  CONVERSATION_NOT_FOUND: ErrorCode.NotFound,
  REPLY_NOT_FOUND: ErrorCode.NotFound,
  REPLIED_MESSAGE_NOT_FOUND: ErrorCode.NotFound,
  MEMORY_NOT_FOUND: ErrorCode.NotFound,
  REPLY_IN_PROGRESS: ErrorCode.Conflict,
  MESSAGE_LIMIT_REACHED: ErrorCode.RateLimited,
  CURSOR_INVALID: ErrorCode.ValidationFailed,
} as const satisfies ReasonTable;
export type ChatReason = keyof typeof ChatReasons;
