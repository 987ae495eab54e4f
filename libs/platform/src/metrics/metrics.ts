import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, with the metrics every service shares. */
export class Metrics {
  readonly registry = new Registry();
  readonly natsRequests: Histogram<'subject' | 'outcome'>;
  readonly natsHandled: Histogram<'subject' | 'outcome'>;
  readonly eventsConsumed: Counter<'subject' | 'outcome'>;
  readonly sweepTicks: Counter<'sweep' | 'outcome'>;
  readonly sweepDuration: Histogram<'sweep'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.natsRequests = new Histogram({
      name: 'tasksensei_nats_request_duration_seconds',
      help: 'Outgoing NATS requests, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.natsHandled = new Histogram({
      name: 'tasksensei_nats_handler_duration_seconds',
      help: 'NATS requests handled by this service, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'tasksensei_events_consumed_total',
      help: 'JetStream events consumed, by subject and outcome (ack, retry, term)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.sweepTicks = new Counter({
      name: 'tasksensei_sweep_ticks_total',
      help: 'Ticks of periodic sweeps (pollers, relays), by sweep and outcome (ok, failed)',
      labelNames: ['sweep', 'outcome'],
      registers: [this.registry],
    });
    this.sweepDuration = new Histogram({
      name: 'tasksensei_sweep_duration_seconds',
      help: 'How long one tick of a periodic sweep took, by sweep',
      labelNames: ['sweep'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
  }
}
