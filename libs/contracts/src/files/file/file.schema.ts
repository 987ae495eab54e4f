import { z } from 'zod';
import { IndexStatusSchema } from '../../events/file-indexed/file-indexed.event.js';

/** Ids are UUIDs; anything else cannot name a file, so callers answer it as not found. */
export const FileIdSchema = z.uuid();

/** `pending`: reserved against the quota, bytes not confirmed yet; `uploaded`: confirmed by /complete. */
export const FileStatusSchema = z.enum(['pending', 'uploaded']);
export type FileStatus = z.infer<typeof FileStatusSchema>;

/** A file as its owner sees it (API.md `GET /files`). */
export const FileSchema = z.object({
  fileId: FileIdSchema,
  /** The sanitised name: no path, at most 255 bytes of UTF-8. */
  filename: z.string().min(1),
  contentType: z.string().min(1),
  size: z.number().int().positive(),
  status: FileStatusSchema,
  createdAt: z.iso.datetime({ offset: true }),
  uploadedAt: z.iso.datetime({ offset: true }).optional(),
  /** Whether the assistant has read the file (uploaded files only). */
  indexStatus: IndexStatusSchema.optional(),
  /** Why it was not read (`unsupported` or `failed`), in words for the owner. */
  indexError: z.string().optional(),
  /** Chunks the assistant can retrieve from it (`indexed`). */
  indexedChunks: z.number().int().nonnegative().optional(),
});
export type FileView = z.infer<typeof FileSchema>;

/** One presigned request: send exactly `headers` (browsers set Content-Length from the body). */
export const PresignedPutSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type PresignedPut = z.infer<typeof PresignedPutSchema>;

/** S3's bounds on a multipart upload. */
export const MAX_PART_NUMBER = 10_000;
export const PartNumberSchema = z.number().int().min(1).max(MAX_PART_NUMBER);

export const UploadPartSchema = PresignedPutSchema.extend({
  partNumber: PartNumberSchema,
  /** Bytes of the file this part carries: [(partNumber - 1) * partSize, + size). */
  size: z.number().int().positive(),
});
export type UploadPart = z.infer<typeof UploadPartSchema>;
