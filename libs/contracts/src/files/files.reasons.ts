import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why files refuses a request (thrown as `FilesError`). */
export const FilesReasons = {
  UNSUPPORTED_FILE_TYPE: ErrorCode.UnsupportedMediaType,
  FILE_EXTENSION_REFUSED: ErrorCode.UnsupportedMediaType,
  FILE_TOO_LARGE: ErrorCode.PayloadTooLarge,
  QUOTA_EXCEEDED: ErrorCode.PayloadTooLarge,
  TOO_MANY_PENDING_UPLOADS: ErrorCode.RateLimited,
  FILE_NOT_FOUND: ErrorCode.NotFound,
  UPLOAD_NOT_FOUND: ErrorCode.NotFound,
  EXPORT_NOT_FOUND: ErrorCode.NotFound,
  FILE_NOT_UPLOADED: ErrorCode.Conflict,
  UPLOAD_ALREADY_COMPLETE: ErrorCode.Conflict,
  UPLOAD_EXPIRED: ErrorCode.Conflict,
  UPLOAD_NOT_IN_PROGRESS: ErrorCode.Conflict,
  UPLOAD_MISMATCH: ErrorCode.Conflict,
  UPLOAD_NOT_MULTIPART: ErrorCode.Conflict,
  PARTS_NOT_EXPECTED: ErrorCode.ValidationFailed,
  PARTS_INVALID: ErrorCode.ValidationFailed,
  PARTS_INCOMPLETE: ErrorCode.Conflict,
  CONCURRENT_CHANGE: ErrorCode.Conflict,
} as const satisfies ReasonTable;
export type FilesReason = keyof typeof FilesReasons;
