import { ModelError } from './agent-loop.js';

/** Why a reply was stopped from outside. */
export class Stopped extends Error {
  constructor(readonly why: 'shutdown' | 'lease-lost' | 'user') {
    super(why);
  }
}

/** Settles (never resolves) when the signal aborts: a stop does not wait for the model. */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

export type FailureCode = 'reply_interrupted' | 'model_unavailable' | 'reply_failed';

/**
 * How a reply that did not complete ends:
 * - `stopped`: the user stopped it; what was streamed is kept as the reply.
 * - `lease-lost`: a sweep decided this process was gone and has told the user already; nothing more.
 * - `failed`: stored as failed with `code`, and the user told `message`; `outcome` labels the metric.
 */
export type ReplyEnding =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'lease-lost' }
  | { readonly kind: 'failed'; readonly code: FailureCode; readonly message: string; readonly outcome: 'interrupted' | 'failed' };

/** The ending of a reply whose writing threw `error`, after the abort signal's `reason` (if it was aborted). */
export function replyEnding(reason: unknown, error: unknown): ReplyEnding {
  if (reason instanceof Stopped && reason.why === 'user') return { kind: 'stopped' };
  if (reason instanceof Stopped && reason.why === 'lease-lost') return { kind: 'lease-lost' };
  const code: FailureCode =
    reason instanceof Stopped ? 'reply_interrupted' : error instanceof ModelError ? 'model_unavailable' : 'reply_failed';
  const message =
    code === 'reply_interrupted'
      ? 'The assistant was restarted before it finished this reply; please send your message again.'
      : code === 'model_unavailable'
        ? 'The language model did not answer; please try again in a moment.'
        : 'Something went wrong while writing this reply.';
  return { kind: 'failed', code, message, outcome: code === 'reply_interrupted' ? 'interrupted' : 'failed' };
}
