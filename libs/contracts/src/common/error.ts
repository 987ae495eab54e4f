import { z } from 'zod';
import { ErrorCode, genericReason } from './error-code.js';
import { codeOf, isReason, type Reason } from './reasons.js';

export * from './error-code.js';
export * from './reasons.js';

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * What a service puts in the `err` of a NATS reply. `reason` is a string, not an enum, on the
 * wire: a gateway older than the service that sent a new reason still answers by the code.
 */
export const ServiceErrorSchema = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  reason: z.string().max(64).optional(),
  message: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type ServiceErrorBody = z.infer<typeof ServiceErrorSchema>;

/**
 * The single error type services throw. The reason says what went wrong and fixes the code,
 * which decides the HTTP status class at the gateway. A service throws its own subclass
 * (`FilesError`, ...: service-errors.ts), which only takes that service's reasons and the
 * common ones.
 */
export class ServiceError<R extends Reason = Reason> extends Error {
  readonly code: ErrorCode;

  constructor(
    readonly reason: R,
    message: string,
    readonly errors?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = codeOf(reason);
  }

  toBody(): ServiceErrorBody {
    return {
      code: this.code,
      reason: this.reason,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.retryAfterSeconds ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  /** A reason this process does not know, or one that disagrees with the code, falls back to the code's generic reason. */
  static fromBody(body: ServiceErrorBody): ServiceError {
    const reason = isReason(body.reason) && codeOf(body.reason) === body.code ? body.reason : genericReason(body.code);
    return new ServiceError(reason, body.message, body.errors, body.retryAfterSeconds);
  }

  static fromZod(error: z.ZodError, prefix = ''): ServiceError<'VALIDATION_FAILED'> {
    return new ServiceError('VALIDATION_FAILED', 'The request is not valid', zodIssues(error, prefix));
  }
}

export function zodIssues(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}
