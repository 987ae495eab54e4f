import { Counter, Gauge, type Metrics } from '@tasksensei/platform';

export interface BillingMetrics {
  readonly webhooks: Counter<'outcome'>;
  readonly outbox: Counter<'via' | 'outcome'>;
  readonly outboxPending: Gauge;
}

export function billingMetrics(metrics: Metrics): BillingMetrics {
  return {
    webhooks: new Counter({
      name: 'tasksensei_billing_webhooks_total',
      help: 'Stripe webhook deliveries by outcome (accepted, duplicate, ignored, invalid)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    }),
    outbox: new Counter({
      name: 'tasksensei_billing_outbox_total',
      help: 'Outbox entries finished, inline (in the webhook request) or by the relay',
      labelNames: ['via', 'outcome'],
      registers: [metrics.registry],
    }),
    outboxPending: new Gauge({
      name: 'tasksensei_billing_outbox_pending',
      help: 'Outbox entries older than the relay grace period still waiting for the bus, at the last sweep',
      registers: [metrics.registry],
    }),
  };
}
