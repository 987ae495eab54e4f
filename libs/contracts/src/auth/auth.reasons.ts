import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why auth refuses a request (thrown as `AuthError`). */
export const AuthReasons = {
  ACCOUNT_NOT_FOUND: ErrorCode.NotFound,
  EMAIL_TAKEN: ErrorCode.Conflict,
  SIGNUP_INVALID: ErrorCode.ValidationFailed,
  EMAIL_INVALID: ErrorCode.ValidationFailed,
  PASSWORD_INCORRECT: ErrorCode.ValidationFailed,
  PASSWORD_TOO_WEAK: ErrorCode.ValidationFailed,
  TOO_MANY_FAILED_ATTEMPTS: ErrorCode.RateLimited,
  PASSWORD_CONFIRMATION_FAILED: ErrorCode.Forbidden,
  RECENT_SIGN_IN_REQUIRED: ErrorCode.Forbidden,
  TOTP_ALREADY_ENABLED: ErrorCode.Conflict,
  TOTP_ENROLMENT_NOT_STARTED: ErrorCode.Conflict,
  TOTP_NOT_ENABLED: ErrorCode.Conflict,
  TOTP_CODE_INVALID: ErrorCode.ValidationFailed,
  RESET_TOKEN_INVALID: ErrorCode.ValidationFailed,
  VERIFICATION_TOKEN_INVALID: ErrorCode.ValidationFailed,
  SESSION_NOT_FOUND: ErrorCode.NotFound,
  INVALID_GRANT: ErrorCode.ValidationFailed,
  REFRESH_TOKEN_REJECTED: ErrorCode.Unauthenticated,
  TOKEN_REFRESH_TIMEOUT: ErrorCode.Timeout,
  IDENTITY_PROVIDER_UNAVAILABLE: ErrorCode.Unavailable,
  ID_TOKEN_MISSING: ErrorCode.Internal,
  SIGN_IN_PROVIDER_NOT_FOUND: ErrorCode.NotFound,
  FEDERATED_SIGN_IN_EXPIRED: ErrorCode.ValidationFailed,
  FEDERATED_SIGN_IN_FAILED: ErrorCode.Unauthenticated,
  FEDERATED_EMAIL_MISSING: ErrorCode.ValidationFailed,
  EXISTING_ACCOUNT_NOT_LINKED: ErrorCode.Conflict,
  EXISTING_ACCOUNT_UNCONFIRMED: ErrorCode.Conflict,
} as const satisfies ReasonTable;
export type AuthReason = keyof typeof AuthReasons;
