/** Injection tokens for platform values that are not classes. */
export const ENV = Symbol.for('tasksensei.env');
export const LOGGER = Symbol.for('tasksensei.logger');
export const NATS_CONNECTION = Symbol.for('tasksensei.nats');
export const SERVICE_NAME = Symbol.for('tasksensei.service');
