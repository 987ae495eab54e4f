import { ServiceError } from '@tasksensei/contracts';
import type { z } from 'zod';

/**
 * The gateway's one body validator: a JSON body against the same contract schema the service
 * checks again, so a bad body is a 400 problem naming each field before anything crosses the bus.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError('VALIDATION_FAILED', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw ServiceError.fromZod(result.error);
  return result.data;
}
