export * from './process.js';
export * from './infra.js';
export * from './services.js';
export * from './stack.js';
export * from './s3/local-s3.js';
export * from './cluster/nats-cluster.js';
export * from './cluster/cluster-stack.js';
export * from './chaos/index.js';
