import { z } from 'zod';

/**
 * Codes cross process boundaries, classes do not. The gateway maps each code to an HTTP
 * status with an exhaustive switch, so adding a code here fails the build until it is mapped.
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

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** What a service puts in the `err` of a NATS reply. */
export const ServiceErrorSchema = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type ServiceErrorBody = z.infer<typeof ServiceErrorSchema>;

/** The single error type services throw; `code` decides the HTTP status at the gateway. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  toBody(): ServiceErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.retryAfterSeconds ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static fromBody(body: ServiceErrorBody): ServiceError {
    return new ServiceError(body.code, body.message, body.errors, body.retryAfterSeconds);
  }

  static fromZod(error: z.ZodError, prefix = ''): ServiceError {
    return new ServiceError(ErrorCode.ValidationFailed, 'The request is not valid', zodIssues(error, prefix));
  }
}

export function zodIssues(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}
