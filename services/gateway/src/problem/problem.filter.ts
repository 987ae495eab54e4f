import { ArgumentsHost, Catch, HttpException, Inject, type ExceptionFilter } from '@nestjs/common';
import { ServiceError } from '@tasksensei/contracts';
import { LOGGER, type Logger } from '@tasksensei/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerFor, problemForStatus, type Problem } from './problem.js';

/** Fastify's own errors (body parser, limits) carry a status code and an FST_ code. */
interface FrameworkError {
  statusCode: number;
  code?: string;
  message: string;
}

const isFrameworkError = (error: unknown): error is FrameworkError =>
  typeof error === 'object' && error !== null && typeof (error as FrameworkError).statusCode === 'number';

/**
 * Every error leaves the gateway as application/problem+json. Known errors keep their meaning;
 * anything else is logged with its stack and answered with a generic 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, headers } = this.toProblem(error, request);
    void reply
      .headers(headers ?? {})
      .status(body.status)
      .type('application/problem+json')
      .send(body);
  }

  toProblem(error: unknown, request: FastifyRequest): { body: Problem; headers?: Readonly<Record<string, string>> } {
    if (error instanceof ServiceError) {
      const { problem, headers } = answerFor(error);
      if (problem.status >= 500)
        this.logger.warn({ code: error.code, reason: error.reason, path: request.url, requestId: request.id }, error.message);
      return { body: problem, headers };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status >= 500) this.logger.error({ err: error, requestId: request.id }, 'http exception');
      return { body: problemForStatus(status, status >= 500 ? 'An unexpected error occurred.' : describe(error, request)) };
    }
    if (isFrameworkError(error) && error.statusCode >= 400 && error.statusCode < 500) {
      return { body: problemForStatus(error.statusCode, frameworkDetail(error)) };
    }
    this.logger.error({ err: error, path: request.url, requestId: request.id }, 'unhandled error');
    return { body: problemForStatus(500, 'An unexpected error occurred.') };
  }
}

function describe(error: HttpException, request: FastifyRequest): string {
  if (error.getStatus() === 404) return `No route for ${request.method} ${request.url.split('?')[0]}`;
  const response = error.getResponse();
  if (typeof response === 'object' && response && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return error.message;
}

/** Parser messages can echo input back; keep them short and generic where they might. */
function frameworkDetail(error: FrameworkError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this endpoint accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This endpoint does not accept that Content-Type.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body.';
    default:
      return error.message.slice(0, 200);
  }
}
