import type { z } from 'zod';
import type { ChatLimits } from '../plans/plan-limits.js';

/** Who and where a tool call runs for; `messageId` + `callIndex` make it idempotent. */
export interface AutomationContext {
  readonly userId: string;
  readonly conversationId: string;
  /** The reply the call belongs to. */
  readonly messageId: string;
  /** The call's place in the reply (0, 1, ...): a retried reply repeats the same indexes. */
  readonly callIndex: number;
  readonly timezone: string;
  readonly now: Date;
  readonly limits: ChatLimits;
}

/** What a tool answers; `ok: false` results are told to the model, which explains them to the user. */
export type AutomationResult =
  | { readonly ok: true; readonly [key: string]: unknown }
  | { readonly ok: false; readonly error: string; readonly message: string; readonly [key: string]: unknown };

/** One automation: a zod schema (shown to the model, enforced on every call) and what it does. */
export interface Automation<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly schema: S;
  run(input: z.output<S>, context: AutomationContext): Promise<AutomationResult>;
  /** A short line for the conversation's history: what ran and how it went. */
  describe(input: z.output<S>, result: AutomationResult, timezone: string): string;
}

export const failure = (error: string, message: string, extra: Record<string, unknown> = {}): AutomationResult => ({
  ok: false,
  error,
  message,
  ...extra,
});

/** An instant as a person reads it in their zone: "Wed 11 Mar 2026, 10:00 (Europe/Paris)". */
export function formatLocal(iso: string, timezone: string): string {
  const date = new Date(iso);
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} (${timezone})`;
}
