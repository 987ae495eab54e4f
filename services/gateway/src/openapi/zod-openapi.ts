import { z } from 'zod';

/**
 * OpenAPI schemas generated from the same zod contracts that validate the messages,
 * so the document at /docs cannot drift from what the gateway enforces.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return json;
}
