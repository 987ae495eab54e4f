import { pino } from 'pino';
import { Metrics } from '../metrics/metrics.js';
import { PeriodicSweep, type SweepTimers } from './periodic-sweep.js';

/** Timers that fire only when the test advances them: no real sleeps, no Jest fake-timer globals. */
class ManualTimers implements SweepTimers {
  private pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  time = 0;
  readonly delays: number[] = [];

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, callback });
    this.delays.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get scheduled(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = Math.max(this.time, until);
  }
}

/** A promise the test settles by hand, to hold a tick open. */
function gate(): { promise: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets every settled promise's continuations run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const logger = pino({ level: 'silent' });

async function counted(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const ticks = await metrics.sweepTicks.get();
  const duration = await metrics.sweepDuration.get();
  const byOutcome = Object.fromEntries(ticks.values.filter((v) => v.labels.sweep === name).map((v) => [String(v.labels.outcome), v.value]));
  const observed =
    duration.values.find((v) => v.labels.sweep === name && v.metricName === 'tasksensei_sweep_duration_seconds_count')?.value ?? 0;
  const seconds =
    duration.values.find((v) => v.labels.sweep === name && v.metricName === 'tasksensei_sweep_duration_seconds_sum')?.value ?? 0;
  return { ...byOutcome, observed, seconds };
}

describe('PeriodicSweep', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  const sweep = (tick: () => Promise<unknown>, extra: Partial<ConstructorParameters<typeof PeriodicSweep>[1]> = {}): PeriodicSweep =>
    new PeriodicSweep(tick, { name: 'test sweep', intervalMs: 1_000, jitter: 0, logger, timers, now: () => timers.time, ...extra });

  it('ticks at start and then once per interval', async () => {
    let ticks = 0;
    const s = sweep(async () => void ticks++);
    s.start();
    await settle();
    expect(ticks).toBe(1);

    timers.advance(999);
    await settle();
    expect(ticks).toBe(1);
    timers.advance(1);
    await settle();
    expect(ticks).toBe(2);
    timers.advance(1_000);
    await settle();
    expect(ticks).toBe(3);
    await s.stop();
  });

  it('waits a whole interval before its first tick when told not to run at start', async () => {
    let ticks = 0;
    const s = sweep(async () => void ticks++, { runAtStart: false });
    s.start();
    await settle();
    expect(ticks).toBe(0);
    timers.advance(1_000);
    await settle();
    expect(ticks).toBe(1);
    await s.stop();
  });

  it('spreads its waits within the jitter band', async () => {
    const draws = [0, 0.5, 0.999_999];
    const s = sweep(async () => undefined, { jitter: 0.2, random: () => draws.shift() ?? 0.5 });
    expect([s.nextDelayMs(), s.nextDelayMs(), s.nextDelayMs()]).toEqual([800, 1_000, 1_200]);
  });

  it('never runs two ticks at once: the next wait starts when a slow tick ends, and a manual run joins it', async () => {
    let active = 0;
    let most = 0;
    let ticks = 0;
    const held = gate();
    const s = sweep(async () => {
      ticks++;
      active++;
      most = Math.max(most, active);
      if (ticks === 1) await held.promise;
      active--;
    });
    s.start();
    await settle();
    expect(s.isRunning).toBe(true);

    // The first tick outlives many intervals: nothing is scheduled while it runs.
    timers.advance(10_000);
    await settle();
    expect(timers.scheduled).toBe(0);
    const joined = s.runOnce();
    await settle();
    expect(ticks).toBe(1);

    held.open();
    await joined;
    await settle();
    expect(ticks).toBe(1);
    expect(timers.scheduled).toBe(1);
    timers.advance(1_000);
    await settle();
    expect(ticks).toBe(2);
    expect(most).toBe(1);
    await s.stop();
  });

  it('stops cleanly: awaits the tick in progress and schedules nothing after it', async () => {
    const held = gate();
    let finished = false;
    let ticks = 0;
    const s = sweep(async () => {
      ticks++;
      await held.promise;
      finished = true;
    });
    s.start();
    await settle();

    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);

    held.open();
    await stopping;
    expect(finished).toBe(true);
    expect(timers.scheduled).toBe(0);
    timers.advance(5_000);
    await settle();
    expect(ticks).toBe(1);
  });

  it('cancels the pending wait on stop', async () => {
    let ticks = 0;
    const s = sweep(async () => void ticks++);
    s.start();
    await settle();
    expect(timers.scheduled).toBe(1);
    await s.stop();
    expect(timers.scheduled).toBe(0);
    timers.advance(5_000);
    await settle();
    expect(ticks).toBe(1);
  });

  it('logs and counts a failed tick, and the next tick still runs', async () => {
    const metrics = new Metrics('sweep-spec');
    const warnings: string[] = [];
    const spyLogger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
    let ticks = 0;
    const s = sweep(
      async () => {
        ticks++;
        timers.time += 250; // the tick takes 250 ms of the fake clock
        if (ticks === 1) throw new Error('store down');
      },
      { metrics, logger: spyLogger, name: 'flaky sweep' },
    );
    s.start();
    await settle();
    timers.advance(1_000);
    await settle();
    await s.stop();

    expect(ticks).toBe(2);
    expect(warnings).toEqual(['flaky sweep failed; the next tick retries']);
    expect(await counted(metrics, 'flaky sweep')).toEqual({ ok: 1, failed: 1, observed: 2, seconds: 0.5 });
  });

  it('rejects an interval that would spin', () => {
    expect(() => sweep(async () => undefined, { intervalMs: 0 })).toThrow(/intervalMs must be positive/);
  });
});
