import type { ClusterStack } from '../cluster/cluster-stack.js';
import type { ScenarioResult } from './chaos-kit.js';
import { chatReplicaKilled } from './scenarios/chat-replica-killed.js';
import { gatewayKilled } from './scenarios/gateway-killed.js';
import { natsServerKilled } from './scenarios/nats-server-killed.js';
import { sigtermUnderLoad } from './scenarios/sigterm-under-load.js';
import { storesRestarted } from './scenarios/stores-restarted.js';
import { stripeStorm } from './scenarios/stripe-storm.js';
import { usersDown } from './scenarios/users-down.js';

export * from './chaos-kit.js';
export * from './stripe-events.js';

/** The loads, and a reduced set (`--quick`, and the e2e tests) for a loaded machine. */
export const CHAOS_LOADS = {
  full: {
    nats: { concurrency: 100, durationMs: 40_000 },
    usersDown: { checkouts: 100, downMs: 60_000 },
    stripe: { users: 50, deliveries: 1_000 },
    chat: { conversations: 20 },
    gateway: { sockets: 500, members: 20 },
    stores: { concurrency: 10, downMs: 5_000 },
    sigterm: { concurrency: 20, phaseMs: 3_000 },
  },
  quick: {
    nats: { concurrency: 30, durationMs: 16_000 },
    usersDown: { checkouts: 20, downMs: 10_000 },
    stripe: { users: 10, deliveries: 200 },
    chat: { conversations: 6 },
    gateway: { sockets: 50, members: 5 },
    stores: { concurrency: 4, downMs: 1_000 },
    sigterm: { concurrency: 8, phaseMs: 1_500 },
  },
} as const;

export type ChaosLoads = (typeof CHAOS_LOADS)[keyof typeof CHAOS_LOADS];

export const SCENARIOS: Record<string, (cluster: ClusterStack, loads: ChaosLoads) => Promise<ScenarioResult>> = {
  'nats-server-killed': (c, l) => natsServerKilled(c, l.nats),
  'users-down': (c, l) => usersDown(c, l.usersDown),
  'stripe-storm': (c, l) => stripeStorm(c, l.stripe),
  'chat-replica-killed': (c, l) => chatReplicaKilled(c, l.chat),
  'gateway-killed': (c, l) => gatewayKilled(c, l.gateway),
  'stores-restarted': (c, l) => storesRestarted(c, l.stores),
  'sigterm-under-load': (c, l) => sigtermUnderLoad(c, l.sigterm),
};

/**
 * What the chaos cluster runs with beyond the defaults: a reply lease short enough that a dead
 * chat replica's replies fail within the 5 s, and a per-socket message rate that lets
 * one client send its message.
 */
export const CHAOS_CLUSTER_ENV: NodeJS.ProcessEnv = { CHAT_REPLY_LEASE_MS: '3000' };

export { chatReplicaKilled, gatewayKilled, natsServerKilled, sigtermUnderLoad, storesRestarted, stripeStorm, usersDown };
