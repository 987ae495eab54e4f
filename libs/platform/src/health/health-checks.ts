import type { Check } from '@tasksensei/contracts';

export type CheckFn = () => Promise<unknown>;

/** The dependencies a service owns, checked in parallel, each with its own deadline. */
export class HealthChecks {
  private readonly checks = new Map<string, CheckFn>();

  register(name: string, check: CheckFn): this {
    this.checks.set(name, check);
    return this;
  }

  async run(timeoutMs = 2_000): Promise<Record<string, Check>> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const));
    return Object.fromEntries(entries);
  }
}

async function runCheck(check: CheckFn, timeoutMs: number): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', latencyMs: round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      detail: (error instanceof Error ? error.message : String(error)).slice(0, 300),
      latencyMs: round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
