import { randomUUID } from 'node:crypto';
import { FilesError, formatBytes, type GenerateUploadReply, type GenerateUploadRequest } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { FilesSettings } from '../../config/files.env.js';
import type { FileRecord } from '../../files/file.record.js';
import type { FileStore } from '../../files/file.store.js';
import type { PlanLimitsSource } from '../../plans/plan-limits.js';
import { isAllowedType, isBlockedName, normaliseContentType } from '../../policy/content-type.js';
import { extensionOf, sanitiseFilename } from '../../policy/filename.js';
import { partLength, planUpload } from '../../policy/upload-plan.js';
import type { QuotaStore } from '../../quota/quota.store.js';
import type { ReleaseExpiredReservations } from '../../reservations/release-expired.usecase.js';
import type { FilesMetrics } from '../../shared/files-metrics.js';
import type { ObjectStore } from '../../storage/object.store.js';
import { objectKey } from '../object-key.js';

/** Part URLs handed out with the upload; the client asks for the rest as it goes. */
const INITIAL_PARTS = 20;

export interface GenerateUploadDeps {
  readonly files: FileStore;
  readonly quotas: QuotaStore;
  readonly objects: ObjectStore;
  readonly plans: PlanLimitsSource;
  readonly sweep: ReleaseExpiredReservations;
  readonly clock: Clock;
  readonly settings: FilesSettings;
  readonly metrics: FilesMetrics;
  readonly logger: Logger;
}

/**
 * A presigned upload: the name made safe, the type checked against the allow-list, the size
 * against the plan (asked of billing each time), the bytes reserved against the quota in one
 * conditional write (after giving back lapsed reservations, if the quota is full), and a URL
 * that only accepts exactly this type and size (and, in AWS, only stores it SSE-KMS encrypted).
 */
export class GenerateUploadUseCase {
  constructor(private readonly deps: GenerateUploadDeps) {}

  async execute(userId: string, request: GenerateUploadRequest): Promise<GenerateUploadReply> {
    const { files, quotas, objects, plans, sweep, clock, settings, metrics } = this.deps;
    const filename = sanitiseFilename(request.filename);
    const contentType = normaliseContentType(request.contentType);
    if (!contentType || !isAllowedType(contentType)) {
      metrics.refusals.inc({ reason: 'type' });
      throw new FilesError(
        'UNSUPPORTED_FILE_TYPE',
        `Files of type "${request.contentType.slice(0, 100)}" cannot be uploaded: documents, images, archives, text, audio and video only.`,
      );
    }
    if (isBlockedName(filename)) {
      metrics.refusals.inc({ reason: 'type' });
      throw new FilesError(
        'FILE_EXTENSION_REFUSED',
        `".${extensionOf(filename)}" files cannot be uploaded: executables, scripts and web pages are refused.`,
      );
    }
    const limits = await plans.limitsFor(userId);
    if (request.size > limits.maxFileSizeBytes) {
      metrics.refusals.inc({ reason: 'size' });
      throw new FilesError(
        'FILE_TOO_LARGE',
        `This file is ${formatBytes(request.size)}; your plan allows files up to ${formatBytes(limits.maxFileSizeBytes)}.`,
      );
    }

    const now = clock.now();
    const fileId = randomUUID();
    const key = objectKey(userId, fileId, filename);
    const expiresAt = now.getTime() + settings.reservationTtlSeconds * 1000;
    const reserve = () =>
      quotas.reserve(
        userId,
        fileId,
        { size: request.size, expiresAt },
        { quotaBytes: limits.storageQuotaBytes, maxPending: settings.maxPendingUploads },
      );
    let reserved = await reserve();
    // Lapsed reservations are looked for only when they may be what stands in the way.
    if (reserved !== 'reserved' && (await sweep.execute(userId)) > 0) reserved = await reserve();
    switch (reserved) {
      case 'over-quota':
        metrics.refusals.inc({ reason: 'quota' });
        throw new FilesError(
          'QUOTA_EXCEEDED',
          `Uploading ${formatBytes(request.size)} would exceed your storage quota of ${formatBytes(limits.storageQuotaBytes)}: delete some files or upgrade your plan.`,
        );
      case 'too-many-pending':
        metrics.refusals.inc({ reason: 'pending' });
        throw new FilesError(
          'TOO_MANY_PENDING_UPLOADS',
          `You have ${settings.maxPendingUploads} uploads in progress: complete or delete some first.`,
          undefined,
          60,
        );
      case 'reserved':
        break;
    }

    // Until the record exists, a failure gives the reservation back; after it, nothing can fail.
    const plan = planUpload(request.size, settings);
    let uploadId: string | undefined;
    try {
      const base = {
        userId,
        fileId,
        key,
        filename,
        contentType,
        size: request.size,
        status: 'pending' as const,
        createdAt: now.toISOString(),
        expiresAt,
      };
      let record: FileRecord;
      let reply: GenerateUploadReply;
      if (plan.kind === 'single') {
        record = base;
        const put = await objects.presignPut(key, contentType, request.size, now, settings.uploadUrlTtlSeconds);
        reply = { fileId, key, ...put };
      } else {
        uploadId = await objects.createMultipartUpload(key, contentType);
        record = { ...base, uploadId, partSize: plan.partSize, partCount: plan.partCount };
        const parts = await Promise.all(
          Array.from({ length: Math.min(plan.partCount, INITIAL_PARTS) }, async (_, i) => {
            const size = partLength(request.size, plan.partSize, i + 1);
            const put = await objects.presignPart(key, uploadId!, i + 1, size, now, settings.uploadUrlTtlSeconds);
            return { ...put, partNumber: i + 1, size };
          }),
        );
        const { partNumber: _first, size: _size, ...first } = parts[0]!;
        reply = { fileId, key, ...first, multipart: { partSize: plan.partSize, partCount: plan.partCount, parts } };
      }
      if (!(await files.create(record))) throw new Error(`file id ${fileId} exists already`);
      metrics.presignedUrls.inc(
        { kind: plan.kind === 'single' ? 'put' : 'part' },
        plan.kind === 'single' ? 1 : (reply.multipart?.parts.length ?? 0),
      );
      this.deps.logger.info({ userId, fileId, size: request.size, contentType, multipart: plan.kind === 'multipart' }, 'upload reserved');
      return reply;
    } catch (error) {
      await quotas.releaseReservation(userId, fileId, request.size).catch(() => undefined);
      if (uploadId) await objects.abortMultipartUpload(key, uploadId).catch(() => undefined);
      throw error;
    }
  }
}
