import { ErrorCode, type FieldError } from '@tasksensei/contracts';

/** RFC 9457 problem details, the body of every 4xx/5xx the gateway sends. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TYPE_BASE = 'https://tasksensei.dev/problems/';

export function problem(status: number, slug: string, title: string, detail: string, errors?: FieldError[]): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, detail, ...(errors?.length ? { errors } : {}) };
}

/** Service error codes to HTTP, exhaustively: a new code fails the build until it is mapped here. */
export function statusForCode(code: ErrorCode): { status: number; slug: string; title: string } {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return { status: 400, slug: 'validation-failed', title: 'Invalid request' };
    case ErrorCode.Unauthenticated:
      return { status: 401, slug: 'unauthenticated', title: 'Authentication required' };
    case ErrorCode.Forbidden:
      return { status: 403, slug: 'forbidden', title: 'Forbidden' };
    case ErrorCode.NotFound:
      return { status: 404, slug: 'not-found', title: 'Not found' };
    case ErrorCode.Conflict:
      return { status: 409, slug: 'conflict', title: 'Conflict' };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, slug: 'payload-too-large', title: 'Payload too large' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type' };
    case ErrorCode.RateLimited:
      return { status: 429, slug: 'rate-limited', title: 'Too many requests' };
    case ErrorCode.Unavailable:
      return { status: 503, slug: 'service-unavailable', title: 'Service unavailable' };
    case ErrorCode.Timeout:
      return { status: 504, slug: 'service-timeout', title: 'Service did not answer in time' };
    case ErrorCode.Internal:
      return { status: 500, slug: 'internal', title: 'Internal error' };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
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

/** A problem for a plain HTTP status (framework and parser errors). */
export function problemForStatus(status: number, detail: string): Problem {
  const [slug, title] = SLUGS[status] ?? (status >= 500 ? ['internal', 'Internal error'] : ['bad-request', 'Bad request']);
  return problem(status, slug, title, detail);
}
