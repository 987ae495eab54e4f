import type { PipeTransform } from '@nestjs/common';
import { ErrorCode, ServiceError, zodIssues } from '@tasksensei/contracts';
import type { z } from 'zod';

/**
 * Validates an HTTP body against the same zod schema the service checks again, so a bad body
 * is a 400 problem with `errors[]` before anything crosses the bus.
 */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? undefined);
    if (!result.success) throw new ServiceError(ErrorCode.ValidationFailed, 'The request body is not valid.', zodIssues(result.error));
    return result.data;
  }
}
