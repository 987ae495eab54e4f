import { Controller, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemSchema } from '../openapi/problem.schema.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { AuthGuard } from './auth.guard.js';

/** An error response's body in the OpenAPI document: problem+json. */
export const problem = { schema: openApiSchema(ProblemSchema) };

/**
 * A controller for the signed-in caller: AuthGuard on every route, documented under `tag` with
 * the bearer token it needs and the 401 problem it answers without one.
 */
export const SignedInController = (tag: string, path?: string): ClassDecorator =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No or invalid access token', ...problem }),
    UseGuards(AuthGuard),
    path === undefined ? Controller() : Controller(path),
  );
