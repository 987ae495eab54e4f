import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with a request across processes (in NATS headers) and through async code. */
export interface RequestContext {
  readonly requestId: string;
  /**
   * The verified user: from the gateway's signed assertion on a public subject, or named by the
   * calling service on an internal subject only that service may publish. Never a bare header.
   */
  readonly userSub?: string;
  /** The user's session (the access token's `sid`), when known. */
  readonly sessionId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);
export const currentContext = (): RequestContext | undefined => storage.getStore();

/**
 * The verified caller of a request (see RequestContext.userSub). A handler that
 * acts for a user calls this and never reads a user id from the request body.
 */
export function requireUser(context: RequestContext): string {
  if (!context.userSub) throw new MissingCallerError();
  return context.userSub;
}

export class MissingCallerError extends Error {
  constructor() {
    super('this request carries no verified caller');
  }
}
