import { Body, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  AbortUploadContract,
  CompleteUploadBodySchema,
  CompleteUploadContract,
  DeleteFileContract,
  DownloadFileContract,
  FileIdSchema,
  GenerateUploadContract,
  GenerateUploadRequestSchema,
  ListFilesContract,
  ServiceError,
  UploadPartsBodySchema,
  UploadPartsContract,
  type FileView,
  type GenerateUploadReply,
  type UploadPart,
} from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { SignedInController, problem } from '../auth/signed-in-controller.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

/** Assembling a multipart upload can take S3 a while for many parts. */
const COMPLETE_TIMEOUT_MS = 30_000;

/** A malformed id cannot name anyone's file: it is answered like an unknown one. */
function fileId(value: string): string {
  const parsed = FileIdSchema.safeParse(value);
  if (!parsed.success) throw new ServiceError('FILE_NOT_FOUND', 'There is no such file.');
  return parsed.data;
}

/** An empty body is an empty object here: /complete of a single PUT needs none. */
const optionalBody = (body: unknown) => (body === undefined || body === null || body === '' ? {} : body);

/**
 * Files: uploads and downloads go straight between the browser and object storage through
 * presigned URLs; these routes reserve, confirm, list, sign and delete. Everything is the
 * caller's own: another user's file id is answered 404, as an unknown one.
 */
@SignedInController('files')
export class FilesController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reserve an upload and get a presigned PUT',
    description:
      'PUT the bytes to `url` with exactly `headers`, then POST /files/{fileId}/complete. Above the multipart threshold, `multipart` lists presigned parts ' +
      "(`url`/`headers` are those of part 1): PUT each, keep each answer's ETag, ask POST /files/{fileId}/parts for more or fresh part URLs, and complete with every ETag.",
  })
  @ApiBody({ schema: openApiSchema(GenerateUploadRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(GenerateUploadContract.reply) })
  @ApiBadRequestResponse({ description: 'Invalid body', ...problem })
  @ApiPayloadTooLargeResponse({ description: "Larger than the plan's maximum file size, or over the storage quota", ...problem })
  @ApiUnsupportedMediaTypeResponse({ description: 'A content type outside the allow-list, or an executable/page file name', ...problem })
  @ApiTooManyRequestsResponse({ description: 'Too many uploads in progress', ...problem })
  generate(@Body() body: unknown, @Req() request: FastifyRequest): Promise<GenerateUploadReply> {
    return this.services.call(GenerateUploadContract, parseBody(GenerateUploadRequestSchema, body), request);
  }

  @Get('files')
  @ApiOperation({ summary: "The caller's files, newest first (uploads in progress are `pending`)" })
  @ApiOkResponse({ schema: openApiSchema(ListFilesContract.reply) })
  list(@Req() request: FastifyRequest): Promise<FileView[]> {
    return this.services.call(ListFilesContract, {}, request);
  }

  @Post('files/:fileId/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm an upload: the object must exist with the reserved size and type; multipart uploads list every part with its ETag',
  })
  @ApiBody({ required: false, schema: openApiSchema(CompleteUploadBodySchema) })
  @ApiOkResponse({ schema: openApiSchema(CompleteUploadContract.reply) })
  @ApiNotFoundResponse({ description: 'No such file', ...problem })
  @ApiConflictResponse({ description: 'Not uploaded yet, parts missing, or the reservation expired', ...problem })
  complete(@Param('fileId') id: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<FileView> {
    const parsed = parseBody(CompleteUploadBodySchema, optionalBody(body));
    return this.services.call(CompleteUploadContract, { ...parsed, fileId: fileId(id) }, request, COMPLETE_TIMEOUT_MS);
  }

  @Post('files/:fileId/parts')
  @HttpCode(200)
  @ApiOperation({ summary: 'Presigned URLs for parts of a multipart upload in progress (extends its reservation)' })
  @ApiBody({ schema: openApiSchema(UploadPartsBodySchema) })
  @ApiOkResponse({ schema: openApiSchema(UploadPartsContract.reply) })
  @ApiNotFoundResponse({ description: 'No such upload in progress', ...problem })
  @ApiConflictResponse({ description: 'Complete already, or not a multipart upload', ...problem })
  parts(@Param('fileId') id: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<{ parts: UploadPart[] }> {
    return this.services.call(UploadPartsContract, { ...parseBody(UploadPartsBodySchema, body), fileId: fileId(id) }, request);
  }

  @Post('files/:fileId/abort')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give up an upload in progress (its parts, record and reservation)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such upload in progress', ...problem })
  @ApiConflictResponse({ description: 'The file is uploaded: delete it instead', ...problem })
  async abort(@Param('fileId') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(AbortUploadContract, { fileId: fileId(id) }, request);
  }

  @Get('files/:fileId/download')
  @ApiOperation({ summary: 'A presigned GET of an uploaded file (attachment, except images and PDF)' })
  @ApiOkResponse({ schema: openApiSchema(DownloadFileContract.reply) })
  @ApiNotFoundResponse({ description: 'No such file', ...problem })
  @ApiConflictResponse({ description: 'Not uploaded yet', ...problem })
  download(@Param('fileId') id: string, @Req() request: FastifyRequest): Promise<{ url: string; expiresAt: string }> {
    return this.services.call(DownloadFileContract, { fileId: fileId(id) }, request);
  }

  @Delete('files/:fileId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the file (object and record) and give its bytes back to the quota' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such file', ...problem })
  async delete(@Param('fileId') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(DeleteFileContract, { fileId: fileId(id) }, request);
  }
}
