import type { EventOf, UserExportRequestedEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { FilesSettings } from '../../config/files.env.js';
import { downloadDisposition } from '../../policy/content-disposition.js';
import type { FileStore } from '../../files/file.store.js';
import type { ObjectStore } from '../../storage/object.store.js';
import type { ExportStore } from '../export.repository.js';
import type { AccountSections } from './account-sections.js';
import { buildArchive } from './export-archive.js';

/**
 * Builds an export from `file.export-requested` (a durable consumer: a failed build is retried).
 * Each service is asked for its part; files adds the user's files with presigned download
 * links. The archive goes to S3 under the user's prefix, then the record turns `ready`. If the
 * record is gone by then (the account was deleted meanwhile), the archive is deleted again.
 */
export class BuildExportUseCase {
  constructor(
    private readonly deps: {
      readonly exports: ExportStore;
      readonly files: FileStore;
      readonly objects: ObjectStore;
      readonly sections: AccountSections;
      readonly settings: FilesSettings;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  async execute(event: EventOf<typeof UserExportRequestedEvent>): Promise<void> {
    const { exports, objects, sections, clock, logger } = this.deps;
    const { userId, exportId } = event.data;
    const record = await exports.get(userId, exportId);
    if (!record || record.status === 'ready') return;

    const now = clock.now();
    const [profile, chat, billing, files] = await Promise.all([
      sections.profile(userId),
      sections.chat(userId),
      sections.billing(userId),
      this.files(userId, now),
    ]);
    const { conversations, tasks, reminders, automations, memories } = chat;
    const archive = buildArchive({
      userId,
      exportId,
      createdAt: record.createdAt,
      sections: { profile, files, conversations, tasks, reminders, automations, memories, billing },
    });
    await objects.put(record.key, archive, 'application/zip');
    if (!(await exports.markReady(userId, exportId, archive.length, clock.now()))) {
      await objects.delete(record.key);
      logger.info({ userId, exportId }, 'export built after its record went (account erased); archive deleted');
      return;
    }
    logger.info(
      { userId, exportId, bytes: archive.length, files: files.items.length, conversations: conversations.length },
      'export ready',
    );
  }

  private async files(userId: string, now: Date) {
    const { files, objects, settings } = this.deps;
    const records = (await files.list(userId))
      .filter((r) => r.status === 'uploaded')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const items = await Promise.all(
      records.map(async (r) => {
        const link = await objects.presignGet(
          r.key,
          { contentType: r.contentType, contentDisposition: downloadDisposition(r.filename, r.contentType) },
          now,
          settings.exportUrlTtlSeconds,
        );
        return {
          fileId: r.fileId,
          filename: r.filename,
          contentType: r.contentType,
          size: r.size,
          createdAt: r.createdAt,
          uploadedAt: r.uploadedAt,
          downloadUrl: link.url,
        };
      }),
    );
    return { linksExpireAt: new Date(now.getTime() + settings.exportUrlTtlSeconds * 1000).toISOString(), items };
  }
}
