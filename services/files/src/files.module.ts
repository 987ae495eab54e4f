import { Module, type DynamicModule } from '@nestjs/common';
import {
  DurableConsumers,
  FileIndexedEvent,
  MembershipUpdatedNotification,
  UserDeletedEvent,
  UserExportRequestedEvent,
} from '@tasksensei/contracts';
import { type ProcessContext, consumerSpec, systemClock, durableConsumers, openDynamo } from '@tasksensei/platform';
import { filesSettings, type FilesEnv } from './config/files.env.js';
import { EraseUserFilesUseCase } from './erase-user/erase-user.usecase.js';
import { FilesErasureRepository } from './erase-user/files-erasure.repository.js';
import { NatsAccountSections } from './exports/build-export/account-sections.js';
import { BuildExportUseCase } from './exports/build-export/build-export.usecase.js';
import { JetStreamExportRequests } from './exports/export-requests.js';
import { DynamoExportRepository } from './exports/export.repository.js';
import { GetExportHandler } from './exports/get-export/get-export.handler.js';
import { GetExportUseCase } from './exports/get-export/get-export.usecase.js';
import { StartExportHandler } from './exports/start-export/start-export.handler.js';
import { StartExportUseCase } from './exports/start-export/start-export.usecase.js';
import { JetStreamFileEvents } from './events/file-events.js';
import { DeleteFileHandler } from './files/delete-file/delete-file.handler.js';
import { DeleteFileUseCase } from './files/delete-file/delete-file.usecase.js';
import { DownloadFileHandler } from './files/download-file/download-file.handler.js';
import { DownloadFileUseCase } from './files/download-file/download-file.usecase.js';
import { FileSourceHandler } from './files/file-source/file-source.handler.js';
import { FileSourceUseCase } from './files/file-source/file-source.usecase.js';
import { RecordIndexStatusUseCase } from './files/record-index-status/record-index-status.usecase.js';
import { FileRemoval } from './files/file-removal.js';
import { DynamoFileRepository } from './files/file.repository.js';
import { ListFilesHandler } from './files/list-files/list-files.handler.js';
import { ListFilesUseCase } from './files/list-files/list-files.usecase.js';
import { BillingPlanLimits } from './plans/plan-limits.js';
import { DynamoQuotaRepository } from './quota/quota.repository.js';
import { ReleaseExpiredReservations } from './reservations/release-expired.usecase.js';
import { OrphanSweepTimer, SweepOrphanObjects } from './reservations/sweep-orphans.usecase.js';
import { filesMetrics } from './shared/files-metrics.js';
import { S3ObjectRepository } from './storage/s3-object.repository.js';
import { createS3, ensureBucket, s3Check } from './storage/s3.client.js';
import { filesTables } from './storage/tables.js';
import { AbortUploadHandler } from './upload/abort-upload/abort-upload.handler.js';
import { AbortUploadUseCase } from './upload/abort-upload/abort-upload.usecase.js';
import { CompleteUploadHandler } from './upload/complete-upload/complete-upload.handler.js';
import { CompleteUploadUseCase } from './upload/complete-upload/complete-upload.usecase.js';
import { GenerateUploadHandler } from './upload/generate-upload/generate-upload.handler.js';
import { GenerateUploadUseCase } from './upload/generate-upload/generate-upload.usecase.js';
import { UploadPartsHandler } from './upload/upload-parts/upload-parts.handler.js';
import { UploadPartsUseCase } from './upload/upload-parts/upload-parts.usecase.js';

@Module({})
export class FilesModule {
  static async forRoot(context: ProcessContext<FilesEnv>): Promise<DynamicModule> {
    const { env, logger } = context;
    const s3 = createS3(env);
    const presigner = env.S3_PUBLIC_ENDPOINT ? createS3(env, env.S3_PUBLIC_ENDPOINT) : s3;
    // Every generate is a quota update and a record write: the lean client spares the SDK's per-call CPU.
    const dynamo = await openDynamo(context, filesTables, { lean: true });
    if (env.S3_CREATE_BUCKET) await ensureBucket(s3, env.S3_BUCKET);
    context.health.register('s3', s3Check(s3, env.S3_BUCKET));
    if (!env.S3_SSE_KMS_KEY_ID) logger.info('no S3_SSE_KMS_KEY_ID: uploads rely on the bucket default encryption');

    const settings = filesSettings(env);
    const clock = systemClock;
    const metrics = filesMetrics(context.metrics);
    const files = new DynamoFileRepository(dynamo);
    const quotas = new DynamoQuotaRepository(dynamo);
    const objects = new S3ObjectRepository(s3, presigner, env.S3_BUCKET, env.S3_SSE_KMS_KEY_ID);
    const events = new JetStreamFileEvents(context.publisher);
    const removal = new FileRemoval(files, quotas, objects, clock, metrics, logger, events);
    const sweep = new ReleaseExpiredReservations(files, quotas, removal, clock, logger);
    const plans = new BillingPlanLimits(context.requester, env.FILES_PLAN_CACHE_MS, clock);
    // Every replica listens (no queue group): a changed plan applies to the user's next upload.
    context.nc.subscribe(MembershipUpdatedNotification.wildcard, {
      callback: (error, msg) => {
        if (error) return;
        const update = MembershipUpdatedNotification.data.safeParse(msg.json());
        if (update.success) plans.forget(update.data.userId);
      },
    });

    // Account export and erasure (issue 14): files owns exports because it owns S3.
    const exports = new DynamoExportRepository(dynamo);
    const buildExport = new BuildExportUseCase({
      exports,
      files,
      objects,
      sections: new NatsAccountSections(context.requester),
      settings,
      clock,
      logger,
    });
    const eraseUser = new EraseUserFilesUseCase(new FilesErasureRepository(dynamo), objects, logger);
    const recordIndexStatus = new RecordIndexStatusUseCase(files, logger);

    return {
      module: FilesModule,
      controllers: [
        GenerateUploadHandler,
        CompleteUploadHandler,
        UploadPartsHandler,
        AbortUploadHandler,
        ListFilesHandler,
        DownloadFileHandler,
        DeleteFileHandler,
        StartExportHandler,
        GetExportHandler,
        FileSourceHandler,
      ],
      providers: [
        {
          provide: GenerateUploadUseCase,
          useValue: new GenerateUploadUseCase({ files, quotas, objects, plans, sweep, clock, settings, metrics, logger }),
        },
        {
          provide: CompleteUploadUseCase,
          useValue: new CompleteUploadUseCase({ files, quotas, objects, events, removal, clock, metrics, logger }),
        },
        { provide: UploadPartsUseCase, useValue: new UploadPartsUseCase(files, quotas, objects, clock, settings, metrics) },
        { provide: AbortUploadUseCase, useValue: new AbortUploadUseCase(files, removal, clock) },
        { provide: ListFilesUseCase, useValue: new ListFilesUseCase(files, sweep, removal, clock, logger) },
        { provide: DownloadFileUseCase, useValue: new DownloadFileUseCase(files, objects, clock, settings, metrics) },
        { provide: DeleteFileUseCase, useValue: new DeleteFileUseCase(files, removal, clock) },
        { provide: FileSourceUseCase, useValue: new FileSourceUseCase(files, objects, clock, settings) },
        {
          provide: StartExportUseCase,
          useValue: new StartExportUseCase(exports, objects, new JetStreamExportRequests(context.publisher), settings, clock),
        },
        { provide: GetExportUseCase, useValue: new GetExportUseCase(exports, objects, settings, clock) },
        {
          provide: OrphanSweepTimer,
          useValue: new OrphanSweepTimer(
            new SweepOrphanObjects(files, objects, clock, env.FILES_UPLOAD_URL_TTL_SECONDS, logger),
            env.FILES_ORPHAN_SWEEP_INTERVAL_SECONDS,
            logger,
            context.metrics,
          ),
        },
        durableConsumers(context, [
          consumerSpec(DurableConsumers.filesUserDeleted, UserDeletedEvent, (event) => eraseUser.execute(event)),
          consumerSpec(DurableConsumers.filesExportBuilder, UserExportRequestedEvent, (event) => buildExport.execute(event)),
          consumerSpec(DurableConsumers.filesFileIndexed, FileIndexedEvent, (event) => recordIndexStatus.execute(event)),
        ]),
      ],
    };
  }
}
