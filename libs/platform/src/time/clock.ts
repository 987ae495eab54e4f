/**
 * Time behind a port, so use cases can be tested at any instant: every service reads the time
 * from an injected `Clock`, never from `Date.now()` or `new Date()`.
 */
export interface Clock {
  now(): Date;
}

/** A clock that can also be waited on, for code that must let time pass (polling, whole-second boundaries). */
export interface WaitableClock extends Clock {
  /** Resolves once `now()` has reached `at` (at once when it already has). */
  waitUntil(at: Date): Promise<void>;
}

export const systemClock: WaitableClock = {
  now: () => new Date(),
  waitUntil: async (at) => {
    const wait = at.getTime() - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  },
};

/** Whole seconds since the epoch, as JWT `iat`/`exp` and DynamoDB TTL attributes count them. */
export const epochSeconds = (clock: Clock): number => Math.floor(clock.now().getTime() / 1000);

/** The instant `ms` milliseconds after now. */
export const later = (clock: Clock, ms: number): Date => new Date(clock.now().getTime() + ms);

/**
 * A clock for tests that moves only when told to. Waiting on it moves it to the awaited instant at
 * once, so code that polls or waits out a boundary runs without sleeping, and the test can assert
 * how far it went (`waits`).
 */
export class TestClock implements WaitableClock {
  private current: number;
  /** Every instant waited for, in order. */
  readonly waits: Date[] = [];

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the clock to `at` (never backwards: time behind a port still only moves forward). */
  set(at: Date | string): void {
    this.current = Math.max(this.current, new Date(at).getTime());
  }

  waitUntil(at: Date): Promise<void> {
    this.waits.push(at);
    this.set(at);
    return Promise.resolve();
  }
}
