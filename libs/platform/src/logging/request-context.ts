import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with a request across processes (in NATS headers) and through async code. */
export interface RequestContext {
  readonly requestId: string;
  readonly userSub?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);
export const currentContext = (): RequestContext | undefined => storage.getStore();
