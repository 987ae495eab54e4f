import { FilesError, type ExportStatus } from '@tasksensei/contracts';
import type { FilesSettings } from '../../config/files.env.js';
import type { Clock } from '@tasksensei/platform';
import type { ObjectStore } from '../../storage/object.store.js';
import type { ExportStore } from '../export.repository.js';

/** GET /account/exports/{id}: pending, or ready with a presigned link; another user's (or an expired) export is not found. */
export class GetExportUseCase {
  constructor(
    private readonly exports: ExportStore,
    private readonly objects: ObjectStore,
    private readonly settings: FilesSettings,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, exportId: string): Promise<ExportStatus> {
    const now = this.clock.now();
    const record = await this.exports.get(userId, exportId);
    if (!record || record.expiresAt * 1000 <= now.getTime()) throw new FilesError('EXPORT_NOT_FOUND', 'There is no such export.');
    if (record.status === 'pending') return { status: 'pending' };
    const ttl = Math.max(1, Math.min(this.settings.exportUrlTtlSeconds, record.expiresAt - Math.floor(now.getTime() / 1000)));
    const link = await this.objects.presignGet(
      record.key,
      {
        contentType: 'application/zip',
        contentDisposition: `attachment; filename="tasksensei-export-${record.createdAt.slice(0, 10)}.zip"`,
      },
      now,
      ttl,
    );
    return { status: 'ready', url: link.url, expiresAt: link.expiresAt };
  }
}
