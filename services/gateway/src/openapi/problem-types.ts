import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_KINDS } from '../problem/problem.js';
import { openApiSchema } from './zod-openapi.js';
import { ProblemSchema } from './problem.schema.js';

/**
 * Every problem type a client can meet, from the same table the gateway answers with: the
 * reasons as an enum schema, a machine-readable `x-problem-types` list, and a table in the
 * description that Swagger UI shows.
 */
export function documentProblemTypes(document: OpenAPIObject): OpenAPIObject {
  const reasons = PROBLEM_KINDS.map((kind) => kind.reason);
  const rows = PROBLEM_KINDS.map(({ reason, type, status, title }) => `| \`${type}\` | \`${reason}\` | ${status} | ${title} |`);
  return {
    ...document,
    info: {
      ...document.info,
      description: [
        document.info.description ?? '',
        '',
        '## Problem types',
        '',
        'A refused request answers with the `type` and `reason` of what went wrong; 429 answers carry `Retry-After`.',
        '',
        '| type | reason | status | title |',
        '| --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    },
    components: {
      ...document.components,
      schemas: {
        ...document.components?.schemas,
        Problem: openApiSchema(ProblemSchema),
        ProblemReason: { type: 'string', enum: reasons },
      },
    },
    'x-problem-types': PROBLEM_KINDS,
  } as OpenAPIObject;
}
