import { createHmac } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { type ProcessContext, consumerSpec, systemClock, durableConsumers, openDynamo } from '@tasksensei/platform';
import { CheckoutHandler } from './checkout/checkout.handler.js';
import { CreateCheckoutUseCase } from './checkout/create-checkout.usecase.js';
import type { BillingEnv } from './config/billing.env.js';
import { resolveWebhookSecret } from './config/webhook-secret.js';
import { BillingErasureRepository } from './erase-billing/billing-erasure.repository.js';
import { EraseBillingUseCase } from './erase-billing/erase-billing.usecase.js';
import { ExportDataHandler } from './export-data/export-data.handler.js';
import { LocalPagesUseCase } from './local/local-pages.usecase.js';
import { LOCAL_PAGES, LocalPagesHandler } from './local/local-pages.handler.js';
import { LocalPaymentProvider } from './local/local-payment-provider.js';
import { DynamoLocalSessionRepository } from './local/local-session.repository.js';
import { SignedWebhookDelivery } from './local/signed-webhook-delivery.js';
import { DeliverOutboxEntryUseCase } from './outbox/deliver-outbox-entry.usecase.js';
import { JetStreamMembershipBus } from './outbox/membership-bus.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { DynamoOutboxRepository } from './outbox/outbox.repository.js';
import { ListPlansHandler } from './plans/list-plans.handler.js';
import { PlanLookupHandler } from './plans/plan-lookup.handler.js';
import { PriceSheet } from './plans/price-sheet.js';
import { CreatePortalUseCase } from './portal/create-portal.usecase.js';
import { PortalHandler } from './portal/portal.handler.js';
import { billingMetrics } from './shared/billing-metrics.js';
import { billingTables } from './storage/tables.js';
import type { PaymentProvider } from './stripe/payment-provider.js';
import { StripePaymentProvider, createStripeClient } from './stripe/stripe-payment-provider.js';
import { WebhookVerifier } from './stripe/webhook-verifier.js';
import { DynamoSubscriptionRepository } from './subscriptions/subscription.repository.js';
import { DynamoEventLogRepository } from './webhook/event-log.repository.js';
import { ProcessWebhookUseCase } from './webhook/process-webhook.usecase.js';
import { WebhookHandler } from './webhook/webhook.handler.js';

@Module({})
export class BillingModule {
  static async forRoot(context: ProcessContext<BillingEnv>): Promise<DynamicModule> {
    const { env, logger } = context;
    const key = env.STRIPE_SECRET_KEY;
    const sheet = PriceSheet.load(env.PLANS_FILE, { requireStripePrices: !!key });
    // Every webhook is several DynamoDB calls: the lean client spares the SDK's per-call CPU.
    const dynamo = await openDynamo(context, (db) => billingTables(db, { local: !key }), { lean: true });

    const clock = systemClock;
    const metrics = billingMetrics(context.metrics);
    const subscriptions = new DynamoSubscriptionRepository(dynamo);
    const outbox = new DynamoOutboxRepository(dynamo);
    const deliver = new DeliverOutboxEntryUseCase(subscriptions, new JetStreamMembershipBus(context.publisher), clock);
    const secret = resolveWebhookSecret(env, logger);

    let provider: PaymentProvider;
    let localPages: LocalPagesUseCase | null = null;
    if (key) {
      provider = new StripePaymentProvider(createStripeClient({ ...env, STRIPE_SECRET_KEY: key }), logger);
      logger.info({ stripeApi: env.STRIPE_API_HOST ?? 'api.stripe.com' }, 'billing uses Stripe');
    } else {
      const sessions = new DynamoLocalSessionRepository(dynamo);
      const delivery = new SignedWebhookDelivery(env.STRIPE_LOCAL_WEBHOOK_URL ?? `${env.PUBLIC_URL}/webhook`, secret, logger);
      // One key for session ids and form tokens, derived from the secret every replica shares.
      const pagesKey = createHmac('sha256', secret).update('local-pages').digest('hex');
      provider = new LocalPaymentProvider(sessions, env.PUBLIC_URL, clock, delivery, pagesKey);
      localPages = new LocalPagesUseCase(sessions, subscriptions, sheet, delivery, clock, pagesKey);
      logger.warn('no STRIPE_SECRET_KEY: checkout runs on the local checkout page (never for real payments)');
    }

    const urls = {
      successUrl: env.CHECKOUT_SUCCESS_URL ?? `${env.PUBLIC_URL}/billing/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: env.CHECKOUT_CANCEL_URL ?? `${env.PUBLIC_URL}/billing/checkout/cancel`,
    };
    const erasure = new BillingErasureRepository(dynamo, !key);
    const webhook = new ProcessWebhookUseCase({
      erased: erasure,
      verifier: new WebhookVerifier(secret, env.STRIPE_WEBHOOK_TOLERANCE_SECONDS),
      eventLog: new DynamoEventLogRepository(dynamo),
      outbox,
      subscriptions,
      deliver,
      provider,
      plans: sheet.plans,
      clock,
      logger,
      metrics,
    });
    const eraseBilling = new EraseBillingUseCase(erasure, subscriptions, provider, clock, logger);
    const relay = new OutboxRelay(
      outbox,
      deliver,
      context.nc,
      { intervalMs: env.OUTBOX_RELAY_INTERVAL_MS, graceMs: env.OUTBOX_RELAY_GRACE_MS, sweepMetrics: context.metrics },
      clock,
      logger,
      metrics,
    );

    return {
      module: BillingModule,
      controllers: [
        ListPlansHandler,
        PlanLookupHandler,
        CheckoutHandler,
        PortalHandler,
        WebhookHandler,
        LocalPagesHandler,
        ExportDataHandler,
      ],
      providers: [
        { provide: PriceSheet, useValue: sheet },
        { provide: DynamoSubscriptionRepository, useValue: subscriptions },
        { provide: CreateCheckoutUseCase, useValue: new CreateCheckoutUseCase(sheet, subscriptions, provider, urls, clock) },
        {
          provide: CreatePortalUseCase,
          useValue: new CreatePortalUseCase(
            subscriptions,
            provider,
            env.BILLING_PORTAL_RETURN_URL ?? `${env.PUBLIC_URL}/billing/portal/return`,
          ),
        },
        { provide: ProcessWebhookUseCase, useValue: webhook },
        { provide: LOCAL_PAGES, useValue: localPages },
        { provide: OutboxRelay, useValue: relay },
        { provide: BillingErasureRepository, useValue: erasure },
        durableConsumers(context, [
          consumerSpec(DurableConsumers.billingUserDeleted, UserDeletedEvent, (event) => eraseBilling.execute(event)),
        ]),
      ],
    };
  }
}
