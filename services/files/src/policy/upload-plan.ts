/** S3: at most 10,000 parts, each but the last at least 5 MiB. */
export const MAX_PARTS = 10_000;
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MIB = 1024 * 1024;

export type UploadPlan =
  { readonly kind: 'single' } | { readonly kind: 'multipart'; readonly partSize: number; readonly partCount: number };

export interface UploadPlanSettings {
  /** Larger files go up in parts. */
  readonly multipartThresholdBytes: number;
  readonly partSizeBytes: number;
}

/**
 * One PUT up to the threshold; above it, parts of the configured size (grown in whole MiB when a
 * file would need more than 10,000), so a big upload never meets the single-request limit and a
 * slow one asks for fresh part URLs as it goes instead of outliving one URL.
 */
export function planUpload(size: number, settings: UploadPlanSettings): UploadPlan {
  if (size <= settings.multipartThresholdBytes) return { kind: 'single' };
  let partSize = Math.max(settings.partSizeBytes, MIN_PART_BYTES);
  if (Math.ceil(size / partSize) > MAX_PARTS) partSize = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return { kind: 'multipart', partSize, partCount: Math.ceil(size / partSize) };
}

/** Bytes in part `partNumber` (1-based) of a file of `size` cut in `partSize` parts. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.min(partSize, size - (partNumber - 1) * partSize);
}
