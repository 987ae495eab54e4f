import { GenerateUploadContract } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';
import { z } from 'zod';
import type { Automation } from '../automation.js';
import { contentTypeFor } from './content-types.js';
import { fromServiceError } from './service-failure.js';

const schema = z
  .object({
    filename: z.string().trim().min(1).max(255).describe('The file name with its extension, e.g. "invoice-march.pdf".'),
    contentType: z.string().trim().min(3).max(255).optional().describe('MIME type; inferred from the extension when omitted.'),
    size: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Size in bytes (1 KB = 1024 bytes). Without it the answer is a link to the Files page with the name filled in.'),
  })
  .strict();

/** Asks the files service for a presigned upload URL, as the user (their quota, their plan). */
export const uploadLinkAutomation = (requester: NatsRequester): Automation<typeof schema> => ({
  name: 'request_upload_link',
  description:
    'Get a presigned URL the user can upload a file to (PUT), or, when the size is not known, a link to the Files page with the name filled in.',
  schema,
  async run(input, context) {
    const contentType = input.contentType ?? contentTypeFor(input.filename);
    // Without a size no link can be signed (the size is part of it): the Files page, which reads
    // the size from the file the user picks, takes over with the name filled in.
    if (!input.size)
      return {
        ok: true,
        filename: input.filename,
        contentType,
        uploadPage: `/uploads?${new URLSearchParams({ filename: input.filename }).toString()}`,
      };
    try {
      const upload = await requester.request(
        GenerateUploadContract,
        { filename: input.filename, contentType, size: input.size },
        { userSub: context.userId },
      );
      // A large file goes up in parts: the link is part 1's, and the client asks files for the rest.
      return {
        ok: true,
        filename: input.filename,
        contentType,
        size: input.size,
        fileId: upload.fileId,
        url: upload.url,
        method: upload.method,
        headers: upload.headers,
        expiresAt: upload.expiresAt,
        ...(upload.multipart ? { multipart: { partSize: upload.multipart.partSize, partCount: upload.multipart.partCount } } : {}),
      };
    } catch (error) {
      return fromServiceError(error, 'files');
    }
  },
  describe(input, result) {
    if (!result.ok) return `request_upload_link did not run: ${result.message}`;
    return result.url
      ? `Prepared an upload link for ${input.filename}.`
      : `Sent ${input.filename} to the Files page to upload (size unknown).`;
  },
});
