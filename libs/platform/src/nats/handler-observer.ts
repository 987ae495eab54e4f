import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.js';

/**
 * Decorators run before DI exists, so the wrapped handlers reach the process's logger and
 * metrics through this one slot, filled once at bootstrap.
 */
export const handlerObserver: { logger?: Logger; metrics?: Metrics } = {};
