import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComponentError } from '../process.js';
import {
  ClusterStack,
  DEFAULT_CLUSTER_PORTS,
  REPLICAS_PER_SERVICE,
  defaultClusterPorts,
  freeClusterPorts,
  replicaCounts,
} from './cluster-stack.js';

describe('cluster replica counts', () => {
  it('runs two replicas of every service unless asked otherwise, on the ports `npm start -- --cluster` has always used', () => {
    expect(REPLICAS_PER_SERVICE).toBe(2);
    expect(DEFAULT_CLUSTER_PORTS.replicas).toEqual({
      auth: [8081, 8181],
      users: [8082, 8182],
      files: [8083, 8183],
      chat: [8084, 8184],
      billing: [8085, 8185],
    });
  });

  it('takes one count for every service, or counts for some services with the rest at the default', () => {
    expect(replicaCounts(1)).toEqual({ auth: 1, users: 1, files: 1, chat: 1, billing: 1 });
    expect(replicaCounts({ chat: 4, billing: 1 })).toEqual({ auth: 2, users: 2, files: 2, chat: 4, billing: 1 });
  });

  it('refuses a count that is not a whole number of at least one', () => {
    expect(() => replicaCounts({ chat: 0 })).toThrow(ComponentError);
    expect(() => replicaCounts(1.5)).toThrow(/: 1.5 replicas; want a whole number/);
  });

  it('puts replica i of a service 100 * i above the single stack port', () => {
    expect(defaultClusterPorts({ chat: 4 }).replicas.chat).toEqual([8084, 8184, 8284, 8384]);
  });

  it('finds a distinct free port for every replica asked for', async () => {
    const ports = await freeClusterPorts({ chat: 4, users: 1 });
    expect(ports.replicas.chat).toHaveLength(4);
    expect(ports.replicas.users).toHaveLength(1);
    const all = Object.values(ports.replicas).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('names one process per replica, in start order', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-cluster-spec-'));
    try {
      const stack = new ClusterStack({ dataDir, cluster: defaultClusterPorts({ auth: 1, users: 3, files: 1, chat: 1, billing: 1 }) });
      expect(stack.processNames).toEqual([
        ...['nats-1', 'nats-2', 'nats-3', 'dynamodb', 's3', 'chroma', 'mail'],
        ...['auth-1', 'users-1', 'users-2', 'users-3', 'files-1', 'chat-1', 'billing-1'],
        ...['gateway-1', 'gateway-2'],
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
