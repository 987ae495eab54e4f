export * from './process.js';
export * from './infra.js';
export * from './services.js';
export * from './stack.js';
export * from './s3/local-s3.js';
export * from './nats/nats-config.js';
export * from './nats/credentials.js';
export * from './identity/assertion-keys.js';
