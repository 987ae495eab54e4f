import { pino, type Logger } from 'pino';
import { currentContext } from './request-context.js';

export type { Logger } from 'pino';

/** Secrets that must never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.secret',
  '*.apiKey',
];

/** JSON logs to stdout with the current request id attached to every line. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = currentContext();
      return context ? { requestId: context.requestId, ...(context.userSub ? { userSub: context.userSub } : {}) } : {};
    },
  });
}
