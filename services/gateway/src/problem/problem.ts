import { ErrorCode, Reasons, type FieldError, type Reason, type ServiceError } from '@tasksensei/contracts';

/** RFC 9457 problem details, the body of every 4xx/5xx the gateway sends. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The service's reason (`QUOTA_EXCEEDED`), also the last segment of `type`; absent on framework errors. */
  reason?: Reason;
  errors?: FieldError[];
}

const TYPE_BASE = 'https://tasksensei.dev/problems/';
const UNEXPECTED = 'An unexpected error occurred.';

export function problem(status: number, slug: string, title: string, detail: string, errors?: FieldError[]): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, detail, ...(errors?.length ? { errors } : {}) };
}

/** `QUOTA_EXCEEDED` -> `https://tasksensei.dev/problems/quota-exceeded`; the common reasons keep the URIs the codes always had. */
export const problemType = (reason: Reason): string => `${TYPE_BASE}${reason.toLowerCase().replaceAll('_', '-')}`;

/** Service error codes to HTTP, exhaustively: a new code fails the build until it is mapped here. */
export function statusForCode(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.Unavailable:
      return 503;
    case ErrorCode.Timeout:
      return 504;
    case ErrorCode.Internal:
      return 500;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

/** A title per reason; a `Record` over every reason, so a new reason fails the build until it has one. */
const TITLES: Record<Reason, string> = {
  VALIDATION_FAILED: 'Invalid request',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  SERVICE_TIMEOUT: 'Service did not answer in time',
  INTERNAL: 'Internal error',

  ACCESS_TOKEN_REQUIRED: 'Access token required',
  ACCESS_TOKEN_INVALID: 'Access token not valid',
  REFRESH_TOKEN_REQUIRED: 'Refresh token required',

  ACCOUNT_NOT_FOUND: 'Account not found',
  EMAIL_TAKEN: 'Email address already in use',
  SIGNUP_INVALID: 'Sign-up details not acceptable',
  EMAIL_INVALID: 'Email address not valid',
  PASSWORD_INCORRECT: 'Password not right',
  PASSWORD_TOO_WEAK: 'Password not acceptable',
  TOO_MANY_FAILED_ATTEMPTS: 'Too many failed attempts',
  PASSWORD_CONFIRMATION_FAILED: 'Password confirmation failed',
  RECENT_SIGN_IN_REQUIRED: 'Recent sign-in required',
  TOTP_ALREADY_ENABLED: 'Two-factor sign-in already on',
  TOTP_ENROLMENT_NOT_STARTED: 'Two-factor enrolment not started',
  TOTP_NOT_ENABLED: 'Two-factor sign-in not on',
  TOTP_CODE_INVALID: 'Two-factor code not right',
  RESET_TOKEN_INVALID: 'Password reset link not valid',
  VERIFICATION_TOKEN_INVALID: 'Verification link not valid',
  SESSION_NOT_FOUND: 'Session not found',
  INVALID_GRANT: 'Authorization grant not valid',
  REFRESH_TOKEN_REJECTED: 'Refresh token not valid',
  TOKEN_REFRESH_TIMEOUT: 'Token refresh did not finish in time',
  IDENTITY_PROVIDER_UNAVAILABLE: 'Identity provider unavailable',
  ID_TOKEN_MISSING: 'Internal error',
  SIGN_IN_PROVIDER_NOT_FOUND: 'Sign-in provider not found',
  FEDERATED_SIGN_IN_EXPIRED: 'Sign-in link expired',
  FEDERATED_SIGN_IN_FAILED: 'Sign-in not confirmed by the provider',
  FEDERATED_EMAIL_MISSING: 'Provider shared no email address',
  EXISTING_ACCOUNT_NOT_LINKED: 'Account exists: sign in with its password first',
  EXISTING_ACCOUNT_UNCONFIRMED: 'Account exists with an unconfirmed address',

  PROFILE_NOT_FOUND: 'Profile not found',
  PROFILE_VERSION_CONFLICT: 'Profile changed meanwhile',

  UNSUPPORTED_FILE_TYPE: 'File type not allowed',
  FILE_EXTENSION_REFUSED: 'File extension not allowed',
  FILE_TOO_LARGE: 'File too large for the plan',
  QUOTA_EXCEEDED: 'Storage quota exceeded',
  TOO_MANY_PENDING_UPLOADS: 'Too many uploads in progress',
  FILE_NOT_FOUND: 'File not found',
  UPLOAD_NOT_FOUND: 'Upload not found',
  EXPORT_NOT_FOUND: 'Export not found',
  FILE_NOT_UPLOADED: 'File not uploaded yet',
  UPLOAD_ALREADY_COMPLETE: 'Upload already complete',
  UPLOAD_EXPIRED: 'Upload expired',
  UPLOAD_NOT_IN_PROGRESS: 'Upload no longer in progress',
  UPLOAD_MISMATCH: 'Uploaded object does not match the upload',
  UPLOAD_NOT_MULTIPART: 'Upload has no parts',
  PARTS_NOT_EXPECTED: 'Parts not expected',
  PARTS_INVALID: 'Parts not valid',
  PARTS_INCOMPLETE: 'Parts missing or not matching',
  CONCURRENT_CHANGE: 'Changed concurrently',

  CONVERSATION_NOT_FOUND: 'Conversation not found',
  REPLY_NOT_FOUND: 'Reply not found',
  REPLIED_MESSAGE_NOT_FOUND: 'Replied message not found',
  MEMORY_NOT_FOUND: 'Memory not found',
  REPLY_IN_PROGRESS: 'Reply still being written',
  MESSAGE_LIMIT_REACHED: 'Daily message limit reached',
  CURSOR_INVALID: 'Cursor not valid',

  PLAN_NOT_FOUND: 'Plan not found',
  UNKNOWN_PLAN: 'Unknown plan',
  PLAN_NOT_PURCHASABLE: 'Plan cannot be bought',
  ALREADY_SUBSCRIBED: 'Already subscribed',
  NO_BILLING_ACCOUNT: 'No billing account',
  CHECKOUT_SESSION_NOT_FOUND: 'Checkout session not found',
  CHECKOUT_SESSION_EXPIRED: 'Checkout session expired',
  PORTAL_SESSION_EXPIRED: 'Portal session expired',
  FORM_TOKEN_INVALID: 'Form token not valid',
  LOCAL_CHECKOUT_DISABLED: 'Local checkout not available',
  PAYMENT_PROVIDER_UNAVAILABLE: 'Payment provider unavailable',
  PAYMENT_NOT_CONFIRMED: 'Payment not confirmed',
  WEBHOOK_DELIVERY_REFUSED: 'Internal error',
  WEBHOOK_SIGNATURE_INVALID: 'Webhook signature not valid',
  WEBHOOK_PAYLOAD_INVALID: 'Webhook payload not valid',
};

/** How one reason is answered over HTTP: what the OpenAPI document lists for each problem type. */
export interface ProblemKind {
  readonly reason: Reason;
  readonly type: string;
  readonly status: number;
  readonly title: string;
}

export function problemKind(reason: Reason): ProblemKind {
  return { reason, type: problemType(reason), status: statusForCode(Reasons[reason]), title: TITLES[reason] };
}

/** Every problem type a service error can become, for the OpenAPI document and its spec. */
export const PROBLEM_KINDS: readonly ProblemKind[] = (Object.keys(Reasons) as Reason[]).map(problemKind);

/** A service error as the client sees it, on any transport: the problem and the headers that go with it. */
export interface ErrorAnswer {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The one mapping from a service error to what a client sees: HTTP (the problem filter), the
 * webhook route and the chat socket all answer through it. A 500 never tells its internals.
 */
export function answerFor(error: ServiceError): ErrorAnswer {
  const { reason, type, status, title } = problemKind(error.reason);
  const detail = status === 500 ? UNEXPECTED : error.message;
  return {
    problem: { type, title, status, detail, reason, ...(error.errors?.length ? { errors: error.errors } : {}) },
    headers: error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {},
  };
}

const SLUGS: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  408: ['request-timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  411: ['length-required', 'Length required'],
  413: ['payload-too-large', 'Payload too large'],
  414: ['uri-too-long', 'URI too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['rate-limited', 'Too many requests'],
  431: ['headers-too-large', 'Request header fields too large'],
  503: ['service-unavailable', 'Service unavailable'],
  504: ['service-timeout', 'Service did not answer in time'],
};

/** A problem for a plain HTTP status (framework and parser errors, which carry no reason). */
export function problemForStatus(status: number, detail: string): Problem {
  const [slug, title] = SLUGS[status] ?? (status >= 500 ? ['internal', 'Internal error'] : ['bad-request', 'Bad request']);
  return problem(status, slug, title, status >= 500 ? UNEXPECTED : detail);
}
