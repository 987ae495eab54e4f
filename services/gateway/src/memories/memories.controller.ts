import { Controller, Delete, Get, HttpCode, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DeleteAllMemoriesContract, DeleteMemoryContract, ListMemoriesContract, ServiceError } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthGuard } from '../auth/auth.guard.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const PageQuery = z.object({ cursor: z.string().min(1).max(500).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });

/** What the assistant remembers of the caller (API.md `/memories`): the chat service scopes by the verified user. */
@ApiTags('memories')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('memories')
export class MemoriesController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'What the assistant remembers of the caller, newest first; `next` is the cursor of the following page' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  @ApiOkResponse({ schema: openApiSchema(ListMemoriesContract.reply) })
  list(@Query() query: unknown, @Req() request: FastifyRequest) {
    const parsed = PageQuery.safeParse(query ?? {});
    if (!parsed.success) throw ServiceError.fromZod(parsed.error);
    return this.services.call(
      ListMemoriesContract,
      { ...(parsed.data.cursor ? { cursor: parsed.data.cursor } : {}), ...(parsed.data.limit ? { limit: parsed.data.limit } : {}) },
      request,
    );
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget everything the assistant remembers of the caller' })
  @ApiNoContentResponse()
  async removeAll(@Req() request: FastifyRequest): Promise<void> {
    await this.services.call(DeleteAllMemoriesContract, {}, request);
  }

  @Delete(':memoryId')
  @HttpCode(204)
  @ApiOperation({ summary: "Forget one memory; 404 when it is not the caller's" })
  @ApiNoContentResponse()
  async remove(@Param('memoryId') memoryId: string, @Req() request: FastifyRequest): Promise<void> {
    if (!ID.test(memoryId)) throw new ServiceError('MEMORY_NOT_FOUND', 'No such memory.');
    const { deleted } = await this.services.call(DeleteMemoryContract, { memoryId }, request);
    if (!deleted) throw new ServiceError('MEMORY_NOT_FOUND', 'No such memory.');
  }
}
