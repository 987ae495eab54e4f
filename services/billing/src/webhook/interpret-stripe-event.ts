import { membershipOrderKey, type Plan } from '@tasksensei/contracts';
import type { MembershipChange } from './membership-change.js';
import {
  StripeCheckoutSessionShape,
  StripeInvoiceShape,
  StripeSubscriptionShape,
  idOf,
  type StripeEvent,
  type StripeSubscription,
} from './stripe-shapes.js';

/**
 * API.md "Stripe events billing acts on". The rank orders events of the same second (Stripe's
 * `created` has whole seconds): a cancellation outranks a failed payment, which outranks an
 * update, which outranks the checkout that started it all.
 */
export const ACTED_ON = {
  'checkout.session.completed': 1,
  'customer.subscription.updated': 2,
  'invoice.payment_failed': 3,
  'customer.subscription.deleted': 4,
} as const;
export type ActedOnType = keyof typeof ACTED_ON;

export type ActedOnEvent = StripeEvent & { readonly type: ActedOnType };
export const isActedOn = (event: StripeEvent): event is ActedOnEvent => Object.hasOwn(ACTED_ON, event.type);

export interface EventReferences {
  /** From our metadata (or `client_reference_id`); set by every checkout billing creates. */
  readonly userId?: string;
  readonly customerId?: string;
  readonly subscriptionId?: string;
}

export type Interpretation =
  { readonly kind: 'ignored'; readonly reason: string } | { readonly kind: 'change'; readonly change: MembershipChange };

const ignored = (reason: string): Interpretation => ({ kind: 'ignored', reason });

/** Who and what an acted-on event is about; a shape billing cannot read is reported, not guessed at. */
export function referencesOf(event: ActedOnEvent): EventReferences | { readonly unreadable: string } {
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = StripeCheckoutSessionShape.safeParse(object);
      if (!session.success) return { unreadable: 'checkout session' };
      const { metadata, client_reference_id: reference } = session.data;
      if (metadata?.userId && reference && metadata.userId !== reference)
        return { unreadable: 'metadata.userId differs from client_reference_id' };
      return compact({
        userId: metadata?.userId ?? reference ?? undefined,
        customerId: idOf(session.data.customer),
        subscriptionId: idOf(session.data.subscription),
      });
    }
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = StripeSubscriptionShape.safeParse(object);
      if (!subscription.success) return { unreadable: 'subscription' };
      return compact({
        userId: subscription.data.metadata?.userId,
        customerId: idOf(subscription.data.customer),
        subscriptionId: subscription.data.id,
      });
    }
    case 'invoice.payment_failed': {
      const invoice = StripeInvoiceShape.safeParse(object);
      if (!invoice.success) return { unreadable: 'invoice' };
      const details = invoice.data.parent?.subscription_details;
      return compact({
        userId: details?.metadata?.userId,
        customerId: idOf(invoice.data.customer),
        subscriptionId: idOf(details?.subscription),
      });
    }
  }
}

export interface InterpretContext {
  readonly userId: string;
  readonly plans: readonly Plan[];
  /** The subscription as Stripe has it now (re-fetched with a real key): it wins over the event's snapshot. */
  readonly truth?: StripeSubscription;
}

/**
 * The membership change an event asks for. A pure function of the event (and the re-fetched
 * subscription), never of stored state, so events applied in any order and then sorted by
 * their order key end where the ordered sequence ends.
 */
export function interpretStripeEvent(event: ActedOnEvent, context: InterpretContext): Interpretation {
  const source = {
    userId: context.userId,
    sourceEventId: event.id,
    sourceCreatedAt: new Date(event.created * 1000).toISOString(),
    sourceOrder: membershipOrderKey(event.created, ACTED_ON[event.type], event.id),
  };
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = StripeCheckoutSessionShape.parse(object);
      if (session.mode !== 'subscription') return ignored(`checkout in ${session.mode} mode`);
      if (session.payment_status !== 'paid' && session.payment_status !== 'no_payment_required')
        return ignored(`payment ${session.payment_status}`);
      const snapshot = typeof session.subscription === 'object' && session.subscription ? session.subscription : undefined;
      const subscription = context.truth ?? snapshot;
      const customer = idOf(session.customer) ?? (subscription ? idOf(subscription.customer) : undefined);
      if (subscription)
        return fromSubscription(subscription, context.plans, { ...source, fallbackPlan: session.metadata?.planId, customer });
      const tier = planOf(context.plans, undefined, session.metadata?.planId);
      if (!tier) return ignored(`unknown plan ${String(session.metadata?.planId)}`);
      return activated({ ...source, tier, status: 'active', stripeCustomerId: customer, stripeSubscriptionId: idOf(session.subscription) });
    }
    case 'customer.subscription.updated':
      return fromSubscription(context.truth ?? StripeSubscriptionShape.parse(object), context.plans, source);
    case 'customer.subscription.deleted': {
      const subscription = StripeSubscriptionShape.parse(object);
      if (context.truth && context.truth.status !== 'canceled') return fromSubscription(context.truth, context.plans, source);
      return {
        kind: 'change',
        change: {
          ...source,
          kind: 'deactivated',
          tier: 'free',
          status: 'canceled',
          stripeCustomerId: idOf(subscription.customer),
          stripeSubscriptionId: subscription.id,
          reason: subscription.cancellation_details?.reason ?? 'subscription_deleted',
        },
      };
    }
    case 'invoice.payment_failed': {
      if (context.truth) return fromSubscription(context.truth, context.plans, source);
      const invoice = StripeInvoiceShape.parse(object);
      // The first invoice of a subscription belongs to a checkout that never completed: nothing was activated.
      if (invoice.billing_reason === 'subscription_create') return ignored('first invoice of an incomplete subscription');
      const details = invoice.parent?.subscription_details;
      if (!details) return ignored('invoice of no subscription');
      const price = idOf(invoice.lines?.data[0]?.pricing?.price_details?.price);
      const tier = planOf(context.plans, price, details.metadata?.planId);
      if (!tier) return ignored('unknown plan');
      return pastDue({ ...source, tier, stripeCustomerId: idOf(invoice.customer), stripeSubscriptionId: idOf(details.subscription) });
    }
  }
}

type Source = Pick<MembershipChange, 'userId' | 'sourceEventId' | 'sourceCreatedAt' | 'sourceOrder'>;

function fromSubscription(
  subscription: StripeSubscription,
  plans: readonly Plan[],
  source: Source & { fallbackPlan?: string | undefined; customer?: string | undefined },
): Interpretation {
  const { fallbackPlan, customer, ...base } = source;
  const item = subscription.items?.data[0];
  const tier = planOf(plans, item?.price?.id, subscription.metadata?.planId ?? fallbackPlan);
  const periodEnds = (subscription.items?.data ?? []).map((i) => i.current_period_end).filter((t): t is number => typeof t === 'number');
  const common = {
    ...base,
    stripeCustomerId: idOf(subscription.customer) ?? customer,
    stripeSubscriptionId: subscription.id,
    ...(periodEnds.length ? { currentPeriodEnd: new Date(Math.max(...periodEnds) * 1000).toISOString() } : {}),
  };
  switch (subscription.status) {
    case 'active':
    case 'trialing':
      if (!tier) return ignored('unknown plan');
      return activated({ ...common, tier, status: subscription.status });
    case 'past_due':
    case 'unpaid':
      if (!tier) return ignored('unknown plan');
      return pastDue({ ...common, tier });
    case 'canceled':
    case 'incomplete_expired':
    case 'paused':
      return {
        kind: 'change',
        change: {
          ...base,
          kind: 'deactivated',
          tier: 'free',
          status: 'canceled',
          stripeCustomerId: common.stripeCustomerId,
          stripeSubscriptionId: subscription.id,
          reason: `subscription_${subscription.status}`,
        },
      };
    default:
      return ignored(`subscription ${subscription.status}`);
  }
}

function activated(change: Omit<MembershipChange, 'kind' | 'status'> & { status: 'active' | 'trialing' }): Interpretation {
  if (!change.stripeCustomerId) return ignored('no customer');
  return { kind: 'change', change: { ...change, kind: 'activated' } };
}

function pastDue(change: Omit<MembershipChange, 'kind' | 'status'>): Interpretation {
  if (!change.stripeCustomerId) return ignored('no customer');
  return { kind: 'change', change: { ...change, kind: 'past_due', status: 'past_due' } };
}

/** A paid plan of the sheet, by Stripe price (what a plan change in the portal updates), else by our metadata. */
function planOf(plans: readonly Plan[], priceId: string | undefined, planId: string | undefined): string | undefined {
  const byPrice = priceId ? plans.find((p) => p.stripePriceId === priceId || localPriceId(p.id) === priceId) : undefined;
  const plan = byPrice ?? plans.find((p) => p.id === planId);
  return plan && plan.priceCents > 0 ? plan.id : undefined;
}

/** The price id the local checkout gives a plan that has no `stripePriceId`. */
export const localPriceId = (planId: string) => `price_local_${planId}`;

function compact<T extends Record<string, string | undefined>>(value: T): EventReferences {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as EventReferences;
}
