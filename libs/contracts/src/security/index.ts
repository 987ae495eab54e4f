export * from './identities.js';
export * from './durable-consumers.js';
export * from './internal-calls.js';
export * from './buckets.js';
export * from './nats-permissions.js';
export * from './nats-authorization.js';
