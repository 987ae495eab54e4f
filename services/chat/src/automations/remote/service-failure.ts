import { ErrorCode, ServiceError } from '@tasksensei/contracts';
import { failure, type AutomationResult } from '../automation.js';

/**
 * Another service's refusal as a tool result the model can explain; unknown errors propagate.
 * The result's `error` is the service's reason in lower case (`quota_exceeded`, `file_too_large`):
 * the same reason the gateway puts in a problem's `type`, so the model can tell refusals apart.
 */
export function fromServiceError(error: unknown, service: string): AutomationResult {
  if (!(error instanceof ServiceError)) throw error;
  switch (error.code) {
    case ErrorCode.Timeout:
    case ErrorCode.Unavailable:
      return failure('unavailable', `The ${service} service is not available right now; try again in a moment.`);
    case ErrorCode.Internal:
      return failure('failed', `The ${service} service could not do it.`);
    default:
      return failure(
        error.reason.toLowerCase(),
        error.errors?.length ? `${error.message}: ${error.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : error.message,
      );
  }
}
