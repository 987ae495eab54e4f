import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type Clock, type Logger, PeriodicSweep, type SweepMetrics } from '@tasksensei/platform';
import type { FileStore } from '../files/file.store.js';
import type { ObjectStore } from '../storage/object.store.js';
import { OBJECT_KEY_PREFIX } from '../upload/object-key.js';

/** `users/{sub}/{fileId}/{name}`: the user and file an upload key belongs to (exports are not uploads). */
function uploadOf(key: string): { userId: string; fileId: string } | undefined {
  const [userPart, fileId, ...name] = key.slice(OBJECT_KEY_PREFIX.length).split('/');
  if (!userPart || !fileId || name.length === 0 || fileId === 'exports') return undefined;
  try {
    return { userId: decodeURIComponent(userPart), fileId };
  } catch {
    return undefined;
  }
}

/**
 * Deletes stored bytes no record pays for. A presigned upload URL stays valid after its upload
 * is aborted, deleted or expired, so the owner could PUT to it again and store bytes no quota
 * sees; an object under a user's prefix whose record is gone (or names another key, or is
 * being removed) is deleted once it is older than the upload URL lifetime, so a URL that can
 * still write never races the sweep into deleting a live upload. A live record's current
 * object is never touched: a re-PUT to a used URL can only store the signed size already
 * charged. In a versioned bucket (AWS) that re-PUT keeps the confirmed bytes as an older
 * version, and a DELETE only adds a marker: there the sweep deletes every version of an
 * orphan, and every version of an uploaded file but the one `complete` confirmed (recorded
 * with the file), which makes the confirmed bytes current again.
 */
export class SweepOrphanObjects {
  constructor(
    private readonly files: FileStore,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    private readonly uploadUrlTtlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** How many objects (or object versions) were deleted. */
  async execute(): Promise<number> {
    const now = this.clock.now().getTime();
    // In a versioned bucket a DELETE only hides the bytes and a re-PUT keeps the older ones.
    const versioned = await this.objects.versioned();
    let deleted = 0;
    for (const object of await this.objects.listObjects(OBJECT_KEY_PREFIX)) {
      const upload = uploadOf(object.key);
      if (!upload) continue;
      const record = await this.files.get(upload.userId, upload.fileId);
      const live = record?.key === object.key && (record.status === 'pending' || record.status === 'uploaded');
      const old = now - object.lastModified.getTime() > this.uploadUrlTtlSeconds * 1000;
      if (!live && old) {
        deleted += versioned ? await this.deleteVersions(object.key, () => true) : (await this.objects.delete(object.key), 1);
        this.logger.warn(
          { ...upload, key: object.key, size: object.size, status: record?.status ?? 'none' },
          'deleted stored bytes no record pays for',
        );
      } else if (versioned && live && record.status === 'uploaded' && record.objectVersionId) {
        // Only the version `complete` confirmed is paid for: a PUT before it or a re-PUT after it is not.
        const confirmed = record.objectVersionId;
        const count = await this.deleteVersions(object.key, (versionId) => versionId !== confirmed);
        if (count > 0)
          this.logger.warn(
            { ...upload, key: object.key, versions: count },
            'deleted object versions the confirmed upload does not pay for',
          );
        deleted += count;
      }
    }
    return deleted;
  }

  /** Deletes for good the versions (and delete markers) of `key` that `doomed` picks. */
  private async deleteVersions(key: string, doomed: (versionId: string) => boolean): Promise<number> {
    let count = 0;
    for (const version of await this.objects.listVersions(key)) {
      if (!doomed(version.versionId)) continue;
      await this.objects.deleteVersion(key, version.versionId);
      count += 1;
    }
    return count;
  }
}

/** Runs the sweep every `intervalSeconds` while the service is up, one run at a time. */
export class OrphanSweepTimer implements OnModuleInit, OnModuleDestroy {
  private readonly loop: PeriodicSweep;

  constructor(sweep: SweepOrphanObjects, intervalSeconds: number, logger: Logger, metrics?: SweepMetrics) {
    // The first run waits a whole interval: a service just started has nothing new to sweep.
    this.loop = new PeriodicSweep(() => sweep.execute(), {
      name: 'orphan object sweep',
      intervalMs: intervalSeconds * 1000,
      runAtStart: false,
      logger,
      metrics,
    });
  }

  onModuleInit(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }
}
