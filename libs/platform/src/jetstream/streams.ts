import { jetstreamManager, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type ServiceName } from '@tasksensei/contracts';

const DUPLICATE_WINDOW_NS = 2 * 60 * 60 * 1e9; // dedupe re-publishes of the same event id for 2 hours

/**
 * Creates (or updates) the durable streams that carry the bus events of API.md: those `owner`
 * owns (NATS lets only the owner manage its streams), or all of them without an owner.
 */
export async function ensureStreams(nc: NatsConnection, replicas = 1, owner?: ServiceName): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
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
  return jsm;
}

export const isNotFound = (error: unknown) =>
  error instanceof Error && /not found/i.test(error.message);
