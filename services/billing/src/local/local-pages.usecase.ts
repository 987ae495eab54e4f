import { PublicPlanSchema, BillingError, type Membership, type PublicPlan } from '@tasksensei/contracts';
import type { PriceSheet } from '../plans/price-sheet.js';
import type { Clock } from '@tasksensei/platform';
import { derivedId, keyedId, sameToken } from '../shared/ids.js';
import { ENTITLED_STATUSES, type SubscriptionStore } from '../subscriptions/subscription.store.js';
import { checkoutCompletedEvent, subscriptionDeletedEvent } from './local-stripe-events.js';
import type { LocalSession, LocalSessionStore } from './local-session.repository.js';
import type { SignedWebhookDelivery } from './signed-webhook-delivery.js';

const notFound = () => new BillingError('CHECKOUT_SESSION_NOT_FOUND', 'No such checkout session.');

/**
 * What the local checkout and portal pages do. "Pay" and "Cancel subscription" produce the
 * Stripe event Stripe would send and deliver it, signed, to /webhook: the membership changes
 * through exactly the path it takes in production.
 */
export class LocalPagesUseCase {
  constructor(
    private readonly sessions: LocalSessionStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly sheet: PriceSheet,
    private readonly delivery: SignedWebhookDelivery,
    private readonly clock: Clock,
    private readonly tokenKey: string,
  ) {}

  /** The form token of a session's page: bound to the session, unguessable without the key. */
  csrfToken(sessionId: string): string {
    return keyedId('', this.tokenKey, 'csrf', sessionId);
  }

  /** A POST from the page must echo its token: a form posted from elsewhere pays nothing. */
  private checkToken(sessionId: string, token: string | undefined): void {
    if (!token || !sameToken(token, this.csrfToken(sessionId))) {
      throw new BillingError('FORM_TOKEN_INVALID', 'The form token is missing or wrong; reload the page and try again.');
    }
  }

  async viewCheckout(sessionId: string) {
    const session = await this.session(sessionId, 'checkout');
    return {
      sessionId,
      csrfToken: this.csrfToken(sessionId),
      status: this.isExpired(session) && session.status === 'open' ? ('expired' as const) : session.status,
      plan: this.plan(session.planId),
      successUrl: successUrl(session),
      cancelUrl: session.cancelUrl!,
    };
  }

  async pay(sessionId: string, csrfToken?: string): Promise<{ redirectUrl: string }> {
    this.checkToken(sessionId, csrfToken);
    const session = await this.session(sessionId, 'checkout');
    if (session.status === 'expired' || (session.status === 'open' && this.isExpired(session))) {
      throw new BillingError('CHECKOUT_SESSION_EXPIRED', 'This checkout session has expired; start a new one.');
    }
    const plan = this.sheet.find(session.planId ?? '');
    if (!plan) throw notFound();
    const current = await this.subscriptions.get(session.userId);
    const customer = current?.stripeCustomerId ?? derivedId('cus_local_', session.userId);
    // Delivered again when "Pay" is pressed twice: same event id, so the webhook acknowledges the repeat.
    await this.delivery.deliver(checkoutCompletedEvent(session, plan, customer, this.clock.now()));
    await this.sessions.close(sessionId, 'complete');
    return { redirectUrl: successUrl(session) };
  }

  async cancelCheckout(sessionId: string, csrfToken?: string): Promise<{ redirectUrl: string }> {
    this.checkToken(sessionId, csrfToken);
    const session = await this.session(sessionId, 'checkout');
    await this.sessions.close(sessionId, 'expired');
    return { redirectUrl: session.cancelUrl! };
  }

  async viewPortal(
    sessionId: string,
  ): Promise<{ sessionId: string; csrfToken: string; membership: Membership; plan: PublicPlan; canCancel: boolean; returnUrl: string }> {
    const session = await this.session(sessionId, 'portal');
    const current = await this.subscriptions.get(session.userId);
    const entitled = !!current && ENTITLED_STATUSES.includes(current.status);
    const membership: Membership = current
      ? {
          tier: entitled ? current.tier : 'free',
          status: current.status,
          ...(current.currentPeriodEnd ? { currentPeriodEnd: current.currentPeriodEnd } : {}),
        }
      : { tier: 'free', status: 'active' };
    return {
      sessionId,
      csrfToken: this.csrfToken(sessionId),
      membership,
      plan: this.plan(membership.tier),
      canCancel: entitled && !!current.stripeSubscriptionId,
      returnUrl: session.returnUrl!,
    };
  }

  async cancelSubscription(sessionId: string, csrfToken?: string): Promise<{ redirectUrl: string }> {
    this.checkToken(sessionId, csrfToken);
    const session = await this.session(sessionId, 'portal');
    if (this.isExpired(session))
      throw new BillingError('PORTAL_SESSION_EXPIRED', 'This portal session has expired; open the portal again.');
    const current = await this.subscriptions.get(session.userId);
    if (current?.stripeSubscriptionId && current.stripeCustomerId && ENTITLED_STATUSES.includes(current.status)) {
      const plan = this.sheet.find(current.tier) ?? { id: current.tier };
      await this.delivery.deliver(
        subscriptionDeletedEvent(
          session,
          { ...current, stripeSubscriptionId: current.stripeSubscriptionId, stripeCustomerId: current.stripeCustomerId },
          plan,
          this.clock.now(),
        ),
      );
    }
    return { redirectUrl: session.returnUrl! };
  }

  private async session(sessionId: string, kind: LocalSession['kind']): Promise<LocalSession> {
    const session = await this.sessions.get(sessionId);
    if (!session || session.kind !== kind) throw notFound();
    return session;
  }

  private isExpired(session: LocalSession): boolean {
    return session.expiresAt * 1000 < this.clock.now().getTime();
  }

  private plan(planId: string | undefined): PublicPlan {
    const plan = this.sheet.find(planId ?? 'free') ?? this.sheet.find('free');
    if (!plan) throw notFound();
    return PublicPlanSchema.parse(plan);
  }
}

/** Stripe fills `{CHECKOUT_SESSION_ID}` in the success URL; so does the local page. */
const successUrl = (session: LocalSession) => session.successUrl!.replace('{CHECKOUT_SESSION_ID}', session.sessionId);
