import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  LocalCheckoutCancelContract,
  LocalCheckoutPayContract,
  LocalCheckoutViewContract,
  LocalPortalCancelContract,
  LocalPortalViewContract,
  LocalSessionIdSchema,
  ServiceError,
} from '@tasksensei/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceClient } from '../services/service-client.js';
import { escapeHtml, formatPrice, sendPage } from './html-page.js';

const sessionId = (value: string) => {
  const parsed = LocalSessionIdSchema.safeParse(value);
  if (!parsed.success) throw new ServiceError('CHECKOUT_SESSION_NOT_FOUND', 'No such checkout session.');
  return parsed.data;
};

/** The page's form token (CSRF) as the form posts it; billing checks it against the session. */
const formToken = (body: unknown): { csrfToken?: string } => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).csrf_token : undefined;
  return typeof value === 'string' && value.length <= 128 ? { csrfToken: value } : {};
};
const tokenField = (token: string) => `<input type="hidden" name="csrf_token" value="${escapeHtml(token)}">`;

/**
 * The local stand-in for Stripe's hosted checkout and customer portal (no STRIPE_SECRET_KEY).
 * Billing answers NotFound for all of it once a key is set. The session id in the path is the
 * credential, as on Stripe's pages: the browser arrives here by redirect, without a token.
 */
@ApiExcludeController()
@Controller('billing')
export class LocalPagesController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('local-checkout/:sessionId')
  async checkout(@Param('sessionId') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.services.call(LocalCheckoutViewContract, { sessionId: sessionId(id) }, request);
    const { plan } = view;
    const action = `/billing/local-checkout/${encodeURIComponent(view.sessionId)}`;
    const buttons =
      view.status === 'open'
        ? `<form method="post" action="${action}/pay"><input type="hidden" name="confirm" value="pay">${tokenField(view.csrfToken)}<button class="primary" type="submit">Pay ${escapeHtml(formatPrice(plan.priceCents, plan.currency, plan.interval))}</button></form>` +
          `<form method="post" action="${action}/cancel"><input type="hidden" name="confirm" value="cancel">${tokenField(view.csrfToken)}<button type="submit">Cancel</button></form>`
        : `<p>This checkout is ${escapeHtml(view.status)}.</p>`;
    await sendPage(
      reply,
      `Checkout: ${plan.name}`,
      `<div class="card"><h1>${escapeHtml(plan.name)}</h1><p><strong>${escapeHtml(formatPrice(plan.priceCents, plan.currency, plan.interval))}</strong></p>` +
        `<ul>${plan.features.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>${buttons}</div>` +
        '<p class="note">Local checkout: no Stripe key is configured, so no card is charged. "Pay" sends the signed <code>checkout.session.completed</code> event Stripe would send.</p>',
    );
  }

  @Post('local-checkout/:sessionId/pay')
  async pay(
    @Param('sessionId') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.post(LocalCheckoutPayContract, id, body, request, reply, 20_000);
  }

  @Post('local-checkout/:sessionId/cancel')
  async cancel(
    @Param('sessionId') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.post(LocalCheckoutCancelContract, id, body, request, reply);
  }

  @Get('local-portal/:sessionId')
  async portal(@Param('sessionId') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.services.call(LocalPortalViewContract, { sessionId: sessionId(id) }, request);
    const { membership, plan } = view;
    const action = `/billing/local-portal/${encodeURIComponent(view.sessionId)}/cancel-subscription`;
    const renews = membership.currentPeriodEnd ? `<p>Current period ends ${escapeHtml(membership.currentPeriodEnd.slice(0, 10))}.</p>` : '';
    const cancel = view.canCancel
      ? `<form method="post" action="${action}"><input type="hidden" name="confirm" value="cancel">${tokenField(view.csrfToken)}<button type="submit">Cancel subscription</button></form>`
      : '';
    await sendPage(
      reply,
      'Billing',
      `<div class="card"><h1>Your plan: ${escapeHtml(plan.name)}</h1><p>Status: ${escapeHtml(membership.status)}</p>${renews}${cancel}` +
        `<p><a href="${escapeHtml(view.returnUrl)}">Back</a></p></div>` +
        '<p class="note">Local billing portal: cancelling sends the signed <code>customer.subscription.deleted</code> event Stripe would send.</p>',
    );
  }

  @Post('local-portal/:sessionId/cancel-subscription')
  async cancelSubscription(
    @Param('sessionId') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.post(LocalPortalCancelContract, id, body, request, reply, 20_000);
  }

  /** A page's form post: billing acts on the session (checking the form token) and names where the browser goes next. */
  private async post(
    contract: typeof LocalCheckoutPayContract | typeof LocalCheckoutCancelContract | typeof LocalPortalCancelContract,
    id: string,
    body: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    timeoutMs?: number,
  ): Promise<void> {
    const { redirectUrl } = await this.services.call(contract, { sessionId: sessionId(id), ...formToken(body) }, request, timeoutMs);
    await reply.redirect(redirectUrl, 303);
  }

  /** Default landing pages for Stripe's redirects (CHECKOUT_SUCCESS_URL etc. point elsewhere in a real deployment). */
  @Get('checkout/success')
  async success(@Res() reply: FastifyReply): Promise<void> {
    await sendPage(
      reply,
      'Payment received',
      '<div class="card"><h1>Thank you</h1><p>Your payment went through; your plan is being activated.</p><p><a href="/">Back to TaskSensei</a></p></div>',
    );
  }

  @Get('checkout/cancel')
  async cancelled(@Res() reply: FastifyReply): Promise<void> {
    await sendPage(
      reply,
      'Checkout cancelled',
      '<div class="card"><h1>Checkout cancelled</h1><p>Nothing was charged.</p><p><a href="/">Back to TaskSensei</a></p></div>',
    );
  }

  @Get('portal/return')
  async portalReturn(@Res() reply: FastifyReply): Promise<void> {
    await sendPage(
      reply,
      'Billing',
      '<div class="card"><h1>Back from billing</h1><p>Your membership shows in your profile.</p><p><a href="/">Back to TaskSensei</a></p></div>',
    );
  }
}
