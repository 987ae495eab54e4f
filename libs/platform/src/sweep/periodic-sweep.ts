import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';

/** The timer functions a sweep schedules with; tests pass a controllable pair. */
export interface SweepTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: SweepTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A sweep never keeps the process alive: shutdown is the lifecycle's business.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The platform metrics a sweep reports to (`Metrics` has them). */
export type SweepMetrics = Pick<Metrics, 'sweepTicks' | 'sweepDuration'>;

export interface PeriodicSweepOptions {
  /** Names the sweep in logs and in the `sweep` label of its metrics. */
  readonly name: string;
  readonly intervalMs: number;
  /**
   * Each wait is the interval times a random factor in [1 - jitter, 1 + jitter], so replicas
   * started together drift apart instead of hitting the store in the same instant. Default 0.1.
   */
  readonly jitter?: number;
  /** Run a first tick on `start()` rather than one interval later. Default true. */
  readonly runAtStart?: boolean;
  readonly logger: Logger;
  readonly metrics?: SweepMetrics;
  /** Milliseconds since any fixed point, for the duration metric. Default `performance.now`. */
  readonly now?: () => number;
  readonly timers?: SweepTimers;
  /** Uniform in [0, 1), for the jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Runs a tick every interval (with jitter) while started, never two at once: the next wait
 * starts when a tick has finished, and `runOnce()` during a tick joins it instead of starting
 * another. A tick that throws is logged and counted; the next one retries. `stop()` cancels the
 * wait and resolves once a tick in progress has finished, so shutdown never cuts one in half.
 */
export class PeriodicSweep {
  private readonly timers: SweepTimers;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly jitter: number;
  private handle: unknown;
  private started = false;
  private running?: Promise<void>;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly options: PeriodicSweepOptions,
  ) {
    if (!(options.intervalMs > 0)) throw new Error(`sweep ${options.name}: intervalMs must be positive, got ${options.intervalMs}`);
    this.jitter = Math.min(Math.max(options.jitter ?? 0.1, 0), 1);
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.runAtStart ?? true) void this.runAndReschedule();
    else this.schedule();
  }

  /** One tick now; a tick already in progress is joined, not doubled. Never rejects. */
  runOnce(): Promise<void> {
    this.running ??= this.measure().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    await this.running;
  }

  /** The wait before the next tick, jitter included. */
  nextDelayMs(): number {
    const factor = 1 + this.jitter * (2 * this.random() - 1);
    return Math.max(1, Math.round(this.options.intervalMs * factor));
  }

  private async runAndReschedule(): Promise<void> {
    this.handle = undefined;
    await this.runOnce();
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.handle !== undefined) return;
    this.handle = this.timers.setTimeout(() => void this.runAndReschedule(), this.nextDelayMs());
  }

  private async measure(): Promise<void> {
    const { name, logger, metrics } = this.options;
    const started = this.now();
    let outcome: 'ok' | 'failed' = 'ok';
    try {
      await this.tick();
    } catch (error) {
      outcome = 'failed';
      logger.warn({ err: error, sweep: name }, `${name} failed; the next tick retries`);
    } finally {
      metrics?.sweepTicks.inc({ sweep: name, outcome });
      metrics?.sweepDuration.observe({ sweep: name }, Math.max(0, this.now() - started) / 1000);
    }
  }
}
