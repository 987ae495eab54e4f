import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceError } from '@tasksensei/contracts';
import { ENV } from '@tasksensei/platform';
import { z } from 'zod';
import type { GatewayEnv } from '../config/gateway.env.js';

const MailSchema = z.array(z.object({ to: z.string(), subject: z.string(), text: z.string(), html: z.string(), sentAt: z.string() }));

/**
 * API.md `GET /dev/mail?to=EMAIL`: the local stack's mailbox (what its SMTP server received),
 * newest first. Only when DEV_MAILBOX_URL is set, which the local stack does and production
 * refuses: everywhere else the path is an ordinary 404.
 */
@ApiExcludeController()
@Controller('dev')
export class DevMailController {
  constructor(@Inject(ENV) private readonly env: GatewayEnv) {}

  @Get('mail')
  async mail(@Query('to') to: unknown) {
    const mailbox = this.env.DEV_MAILBOX_URL;
    if (!mailbox) throw new ServiceError('NOT_FOUND', 'There is no such resource.');
    const address = typeof to === 'string' ? to.trim().toLowerCase() : '';
    if (!address || address.length > 254)
      throw new ServiceError('VALIDATION_FAILED', 'The request is not valid', [
        { path: 'to', message: 'is required: the recipient address' },
      ]);
    const response = await fetch(`${mailbox}/mail?to=${encodeURIComponent(address)}`, { signal: AbortSignal.timeout(5_000) }).catch(
      () => undefined,
    );
    if (!response?.ok) throw new ServiceError('SERVICE_UNAVAILABLE', 'The local mailbox did not answer.');
    return MailSchema.parse(await response.json());
  }
}
