import { Counter, type Metrics } from '@tasksensei/platform';

export interface FilesMetrics {
  readonly presignedUrls: Counter<'kind'>;
  readonly uploadsCompleted: Counter<'kind'>;
  readonly uploadedBytes: Counter;
  readonly refusals: Counter<'reason'>;
  readonly reservationsReleased: Counter<'reason'>;
}

/** The files service's own series, in the process's registry beside the shared ones. */
export function filesMetrics(metrics: Metrics): FilesMetrics {
  const registers = [metrics.registry];
  return {
    presignedUrls: new Counter({
      name: 'tasksensei_files_presigned_urls_total',
      help: 'Presigned URLs issued, by kind (put, part, get)',
      labelNames: ['kind'],
      registers,
    }),
    uploadsCompleted: new Counter({
      name: 'tasksensei_files_uploads_completed_total',
      help: 'Uploads confirmed, by kind (single, multipart)',
      labelNames: ['kind'],
      registers,
    }),
    uploadedBytes: new Counter({ name: 'tasksensei_files_uploaded_bytes_total', help: 'Bytes of confirmed uploads', registers }),
    refusals: new Counter({
      name: 'tasksensei_files_refusals_total',
      help: 'Upload requests refused, by reason (type, size, quota, pending)',
      labelNames: ['reason'],
      registers,
    }),
    reservationsReleased: new Counter({
      name: 'tasksensei_files_reservations_released_total',
      help: 'Quota reservations given back, by reason (expired, aborted, deleted)',
      labelNames: ['reason'],
      registers,
    }),
  };
}
