import { FilesError } from '@tasksensei/contracts';
import type { FilesSettings } from '../../config/files.env.js';
import { downloadDisposition } from '../../policy/content-disposition.js';
import type { Clock } from '@tasksensei/platform';
import type { FilesMetrics } from '../../shared/files-metrics.js';
import type { ObjectStore } from '../../storage/object.store.js';
import { isVisible } from '../file.record.js';
import type { FileStore } from '../file.store.js';

/**
 * A presigned GET of the caller's uploaded file. Type and disposition are part of the signature:
 * only images and PDF display inline, anything else downloads as an attachment under its name.
 */
export class DownloadFileUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    private readonly settings: FilesSettings,
    private readonly metrics: FilesMetrics,
  ) {}

  async execute(userId: string, fileId: string): Promise<{ url: string; expiresAt: string }> {
    const now = this.clock.now();
    const record = await this.files.get(userId, fileId);
    if (!isVisible(record, now)) throw new FilesError('FILE_NOT_FOUND', 'There is no such file.');
    if (record.status !== 'uploaded')
      throw new FilesError('FILE_NOT_UPLOADED', 'This file is not uploaded yet: complete its upload first.');
    const link = await this.objects.presignGet(
      record.key,
      { contentType: record.contentType, contentDisposition: downloadDisposition(record.filename, record.contentType) },
      now,
      this.settings.downloadUrlTtlSeconds,
    );
    this.metrics.presignedUrls.inc({ kind: 'get' });
    return link;
  }
}
