import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  conditionHeld,
  directDynamo,
  isConditionalCheckFailed,
  type DirectDynamo,
  type DirectUpdateInput,
  type Dynamo,
} from '@tasksensei/platform';
import type { QuotaRecord, QuotaStore, Reservation, ReserveOutcome } from './quota.store.js';

const RESERVE_ATTEMPTS = 5;

/**
 * The quotas item: `{userId, usedBytes, pending: {fileId: {size, expiresAt}}, released: {fileId: at}}`.
 * File ids are map keys, so a reservation and a release are each one conditional update that
 * can tell whether it already happened. Reads and single-item updates go through DirectDynamo
 * (an upload reserves on every generate).
 */
export class DynamoQuotaRepository implements QuotaStore {
  private readonly table: string;
  private readonly direct: DirectDynamo;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('quotas');
    this.direct = directDynamo(dynamo);
  }

  async get(userId: string): Promise<QuotaRecord | undefined> {
    const { Item } = await this.direct.get({ TableName: this.table, Key: { userId }, ConsistentRead: true });
    return Item as QuotaRecord | undefined;
  }

  async reserve(
    userId: string,
    fileId: string,
    reservation: Reservation,
    limits: { quotaBytes: number; maxPending: number },
  ): Promise<ReserveOutcome> {
    for (let attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      const reserved = await this.conditional({
        Key: { userId },
        UpdateExpression: 'SET #pending.#f = :reservation ADD #usedBytes :size',
        ConditionExpression: 'attribute_exists(#pending) AND #usedBytes <= :room AND size(#pending) < :maxPending',
        ExpressionAttributeNames: { '#pending': 'pending', '#f': fileId, '#usedBytes': 'usedBytes' },
        ExpressionAttributeValues: {
          ':reservation': reservation,
          ':size': reservation.size,
          ':room': limits.quotaBytes - reservation.size,
          ':maxPending': limits.maxPending,
        },
      });
      if (reserved) return 'reserved';
      // Find out which part of the condition failed; only a missing item is worth another try.
      const current = await this.get(userId);
      if (!current) {
        await this.createAccount(userId);
        continue;
      }
      if (current.usedBytes + reservation.size > limits.quotaBytes) return 'over-quota';
      if (Object.keys(current.pending).length >= limits.maxPending) return 'too-many-pending';
    }
    throw new Error(`reserving quota for ${userId} kept conflicting`);
  }

  async extend(userId: string, fileId: string, expiresAt: number): Promise<void> {
    await this.conditional({
      Key: { userId },
      UpdateExpression: 'SET #pending.#f.#expiresAt = :expiresAt',
      ConditionExpression: 'attribute_exists(#pending.#f)',
      ExpressionAttributeNames: { '#pending': 'pending', '#f': fileId, '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':expiresAt': expiresAt },
    });
  }

  async commit(userId: string, fileId: string): Promise<void> {
    await this.conditional({
      Key: { userId },
      UpdateExpression: 'REMOVE #pending.#f',
      ConditionExpression: 'attribute_exists(#pending.#f)',
      ExpressionAttributeNames: { '#pending': 'pending', '#f': fileId },
    });
  }

  releaseReservation(userId: string, fileId: string, size: number, releasedAt?: Date): Promise<boolean> {
    return this.conditional({
      Key: { userId },
      UpdateExpression: `REMOVE #pending.#f${releasedAt ? ' SET #released.#f = :now' : ''} ADD #usedBytes :minus`,
      ConditionExpression: 'attribute_exists(#pending.#f) AND #pending.#f.#size = :size',
      ExpressionAttributeNames: {
        '#pending': 'pending',
        '#f': fileId,
        '#usedBytes': 'usedBytes',
        '#size': 'size',
        ...(releasedAt ? { '#released': 'released' } : {}),
      },
      ExpressionAttributeValues: { ':minus': -size, ':size': size, ...(releasedAt ? { ':now': releasedAt.toISOString() } : {}) },
    });
  }

  releaseUpload(userId: string, fileId: string, size: number, now: Date): Promise<boolean> {
    return this.conditional({
      Key: { userId },
      UpdateExpression: 'SET #released.#f = :now ADD #usedBytes :minus',
      ConditionExpression: 'attribute_exists(#released) AND attribute_not_exists(#released.#f) AND attribute_not_exists(#pending.#f)',
      ExpressionAttributeNames: { '#released': 'released', '#pending': 'pending', '#f': fileId, '#usedBytes': 'usedBytes' },
      ExpressionAttributeValues: { ':minus': -size, ':now': now.toISOString() },
    });
  }

  async pruneReleased(userId: string, fileIds: readonly string[]): Promise<void> {
    if (fileIds.length === 0) return;
    const placeholders = fileIds.map((fileId, i) => [`#r${i}`, fileId] as const);
    await this.dynamo.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId },
          UpdateExpression: `REMOVE ${placeholders.map(([name]) => `#released.${name}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#released)',
          ExpressionAttributeNames: { '#released': 'released', ...Object.fromEntries(placeholders) },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  private async createAccount(userId: string): Promise<void> {
    await this.conditional({
      Key: { userId },
      UpdateExpression:
        'SET #pending = if_not_exists(#pending, :empty), #released = if_not_exists(#released, :empty), #usedBytes = if_not_exists(#usedBytes, :zero)',
      ConditionExpression: 'attribute_not_exists(#pending)',
      ExpressionAttributeNames: { '#pending': 'pending', '#released': 'released', '#usedBytes': 'usedBytes' },
      ExpressionAttributeValues: { ':empty': {}, ':zero': 0 },
    });
  }

  /** One conditional update; false when its condition did not hold. */
  private conditional(input: Omit<DirectUpdateInput, 'TableName'>): Promise<boolean> {
    return conditionHeld(this.direct.update({ TableName: this.table, ...input }));
  }
}
