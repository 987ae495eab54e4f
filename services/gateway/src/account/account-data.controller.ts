import { Body, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  DeleteAccountContract,
  DeleteAccountRequestSchema,
  ExportIdSchema,
  GetExportContract,
  ServiceError,
  StartExportContract,
  type ExportStatus,
} from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { SignedInController, problem } from '../auth/signed-in-controller.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

/** Re-authenticating costs a scrypt verification and a publish that waits for the stream. */
const DELETE_TIMEOUT_MS = 15_000;

/** A malformed id cannot name anyone's export: answered like an unknown one. */
function exportId(value: string): string {
  const parsed = ExportIdSchema.safeParse(value);
  if (!parsed.success) throw new ServiceError('EXPORT_NOT_FOUND', 'There is no such export.');
  return parsed.data;
}

/**
 * The account's data as a whole (issue 14): an export of everything it holds, built by files in
 * the background, and deletion, which auth accepts and every service carries out.
 */
@SignedInController('account', 'account')
export class AccountDataController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Post('export')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start an export of everything the account holds (one zip of JSON documents); poll GET /account/exports/{exportId}',
  })
  @ApiAcceptedResponse({ schema: openApiSchema(StartExportContract.reply) })
  startExport(@Req() request: FastifyRequest): Promise<{ exportId: string }> {
    return this.services.call(StartExportContract, {}, request);
  }

  @Get('exports/:exportId')
  @ApiOperation({ summary: 'An export: `pending`, or `ready` with a presigned link to the archive' })
  @ApiOkResponse({ schema: openApiSchema(GetExportContract.reply) })
  @ApiNotFoundResponse({ description: 'No such export (or not the caller’s, or expired)', ...problem })
  getExport(@Param('exportId') id: string, @Req() request: FastifyRequest): Promise<ExportStatus> {
    return this.services.call(GetExportContract, { exportId: exportId(id) }, request);
  }

  @Delete()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Delete the account and everything it holds',
    description:
      'Give `password`; an account without one (social login) gives the `idToken` of a sign-in made in the last few minutes. ' +
      'Sign-in is refused at once; every service then erases what it holds and the subscription is cancelled.',
  })
  @ApiBody({ schema: openApiSchema(DeleteAccountRequestSchema) })
  @ApiAcceptedResponse({ schema: openApiSchema(DeleteAccountContract.reply) })
  @ApiBadRequestResponse({ description: 'Invalid body', ...problem })
  @ApiForbiddenResponse({ description: 'Wrong password, or no fresh sign-in', ...problem })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords', ...problem })
  delete(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ userId: string; deletionRequestedAt: string }> {
    return this.services.call(DeleteAccountContract, parseBody(DeleteAccountRequestSchema, body ?? {}), request, DELETE_TIMEOUT_MS);
  }
}
