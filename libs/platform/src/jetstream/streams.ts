import { jetstreamManager, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type ServiceName } from '@tasksensei/contracts';

const DUPLICATE_WINDOW_NS = 2 * 60 * 60 * 1e9; // dedupe re-publishes of the same event id for 2 hours

/**
 * Creates (or updates) the durable streams that carry the bus events of API.md: those `owner`
 * owns (NATS lets only the owner manage its streams), or all of them without an owner. On a
 * cluster whose servers start together, or with one of them down, the JetStream API may time
 * out or answer "temporarily unavailable" for a while, and replicas starting at once race to
 * create the same stream: all of these are retried until `deadlineMs`.
 */
export async function ensureStreams(nc: NatsConnection, replicas = 1, owner?: ServiceName, deadlineMs = 60_000): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc, { timeout: JETSTREAM_API_TIMEOUT_MS });
  await retryTransient(() => putStreams(jsm, replicas, owner), deadlineMs);
  return jsm;
}

/** Longer than the client's 5 s default: a replicated stream's create waits for its peers. */
export const JETSTREAM_API_TIMEOUT_MS = 15_000;

async function putStreams(jsm: JetStreamManager, replicas: number, owner: ServiceName | undefined): Promise<void> {
  for (const stream of Object.values(Streams).filter((s) => !owner || s.owner === owner)) {
    const config = {
      name: stream.name,
      subjects: [...stream.subjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: DUPLICATE_WINDOW_NS,
      max_age: 30 * 24 * 60 * 60 * 1e9,
      num_replicas: replicas,
    };
    try {
      await jsm.streams.info(stream.name);
      await jsm.streams.update(stream.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
  }
}

/** Errors that say "try again": a JetStream API timeout, no leader yet, a concurrent create. */
export const isTransient = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'TimeoutError' ||
    /timeout|temporarily unavailable|no suitable peers|already in use|insufficient resources|no responders/i.test(error.message));

/** Runs `operation` until it succeeds, retrying transient JetStream errors until the deadline. */
export async function retryTransient<T>(operation: () => Promise<T>, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }
}

export const isNotFound = (error: unknown) => error instanceof Error && /not found/i.test(error.message);
