import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why users refuses a request (thrown as `UsersError`). */
export const UsersReasons = {
  PROFILE_NOT_FOUND: ErrorCode.NotFound,
  PROFILE_VERSION_CONFLICT: ErrorCode.Conflict,
} as const satisfies ReasonTable;
export type UsersReason = keyof typeof UsersReasons;
