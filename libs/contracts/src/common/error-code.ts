/**
 * Codes cross process boundaries, classes do not. A code is the class of an error (it decides
 * the HTTP status at the gateway); the reason beside it (`reasons.ts`) says what went wrong.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'UNAVAILABLE',
  Timeout: 'TIMEOUT',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A service's reasons, each with the code (the class of error) it always has. */
export type ReasonTable = Readonly<Record<string, ErrorCode>>;

/**
 * One generic reason per code, for failures that belong to no service's domain: a body that
 * fails its schema, a service that does not answer, an unexpected error. Any service may use
 * them. Their names give the problem `type` URIs the gateway has always sent for each code.
 */
export const CommonReasons = {
  VALIDATION_FAILED: ErrorCode.ValidationFailed,
  UNAUTHENTICATED: ErrorCode.Unauthenticated,
  FORBIDDEN: ErrorCode.Forbidden,
  NOT_FOUND: ErrorCode.NotFound,
  CONFLICT: ErrorCode.Conflict,
  PAYLOAD_TOO_LARGE: ErrorCode.PayloadTooLarge,
  UNSUPPORTED_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  RATE_LIMITED: ErrorCode.RateLimited,
  SERVICE_UNAVAILABLE: ErrorCode.Unavailable,
  SERVICE_TIMEOUT: ErrorCode.Timeout,
  INTERNAL: ErrorCode.Internal,
} as const satisfies ReasonTable;
export type CommonReason = keyof typeof CommonReasons;

const genericByCode = Object.fromEntries(Object.entries(CommonReasons).map(([reason, code]) => [code, reason])) as Record<
  ErrorCode,
  CommonReason
>;

/** The common reason of a code: what an error without a more precise reason is. */
export const genericReason = (code: ErrorCode): CommonReason => genericByCode[code];
