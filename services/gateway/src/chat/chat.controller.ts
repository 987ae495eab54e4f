import { Controller, Delete, Get, HttpCode, Inject, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DeleteConversationContract,
  ListConversationsContract,
  ListMessagesContract,
  ListTasksContract,
  ServiceError,
} from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { AuthGuard } from '../auth/auth.guard.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Chat history and tasks: always the caller's own (the chat service scopes by the verified user). */
@ApiTags('chat')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller()
export class ChatController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('chat/conversations')
  @ApiOperation({ summary: "The caller's conversations, most recent first" })
  @ApiOkResponse({ schema: openApiSchema(ListConversationsContract.reply) })
  conversations(@Req() request: FastifyRequest) {
    return this.services.call(ListConversationsContract, {}, request);
  }

  @Get('chat/conversations/:id/messages')
  @ApiOperation({ summary: "The messages of one of the caller's conversations; 404 for anyone else's" })
  @ApiOkResponse({ schema: openApiSchema(ListMessagesContract.reply) })
  messages(@Param('id') id: string, @Req() request: FastifyRequest) {
    return this.services.call(ListMessagesContract, { conversationId: conversationId(id) }, request);
  }

  @Delete('chat/conversations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a conversation, its messages and its memory' })
  @ApiNoContentResponse()
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const { deleted } = await this.services.call(DeleteConversationContract, { conversationId: conversationId(id) }, request);
    if (!deleted) throw new ServiceError('CONVERSATION_NOT_FOUND', 'No such conversation.');
  }

  @Get('tasks')
  @ApiOperation({ summary: 'Tasks the assistant created for the caller' })
  @ApiOkResponse({ schema: openApiSchema(ListTasksContract.reply) })
  tasks(@Req() request: FastifyRequest) {
    return this.services.call(ListTasksContract, {}, request);
  }
}

/** A malformed id can name nothing the caller owns: 404, as for someone else's. */
function conversationId(raw: string): string {
  if (!ID.test(raw)) throw new ServiceError('CONVERSATION_NOT_FOUND', 'No such conversation.');
  return raw;
}
