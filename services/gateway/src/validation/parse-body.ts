import { ServiceError, ErrorCode } from '@tasksensei/contracts';
import type { z } from 'zod';

/** Validates a JSON body against a contract schema; anything else is a 400 naming each field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError(ErrorCode.ValidationFailed, 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw ServiceError.fromZod(result.error);
  return result.data;
}
