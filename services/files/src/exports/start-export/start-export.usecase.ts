import { randomUUID } from 'node:crypto';
import type { FilesSettings } from '../../config/files.env.js';
import type { Clock } from '@tasksensei/platform';
import type { ObjectStore } from '../../storage/object.store.js';
import { exportKey } from '../../upload/object-key.js';
import type { ExportRequests } from '../export-requests.js';
import type { ExportStore } from '../export.repository.js';
import { dropExpiredExports } from '../expired-exports.js';

/**
 * POST /account/export: records a pending export and hands it to the builder. One export is
 * built at a time per user: asking again while one is pending answers that one.
 */
export class StartExportUseCase {
  constructor(
    private readonly exports: ExportStore,
    private readonly objects: ObjectStore,
    private readonly requests: ExportRequests,
    private readonly settings: FilesSettings,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<{ exportId: string }> {
    const now = this.clock.now();
    const live = await dropExpiredExports(this.exports, this.objects, userId, now);
    const pending = live.find((record) => record.status === 'pending');
    if (pending) {
      // Re-announced: the first announcement may be what failed. The builder is idempotent.
      await this.requests.requested(userId, pending.exportId, now);
      return { exportId: pending.exportId };
    }
    const exportId = randomUUID();
    await this.exports.create({
      userId,
      exportId,
      status: 'pending',
      key: exportKey(userId, exportId),
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + this.settings.exportRetentionSeconds,
    });
    await this.requests.requested(userId, exportId, now);
    return { exportId };
  }
}
