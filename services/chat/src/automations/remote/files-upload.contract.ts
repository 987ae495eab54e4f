import { defineRequest } from '@tasksensei/contracts';
import { z } from 'zod';

/**
 * The files service's "presigned upload" request (API.md `POST /generate`). Stand-in until
 * libs/contracts exports the files team's GenerateUploadContract: same subject and request,
 * a reply read leniently (only what the assistant shows is required). Replace with the shared
 * contract once it lands.
 */
export const GenerateUploadContract = defineRequest({
  subject: 'files.v1.upload.generate',
  request: z.object({ filename: z.string().min(1).max(255), contentType: z.string().min(1).max(255), size: z.number().int().positive() }).strict(),
  reply: z.looseObject({
    fileId: z.string(),
    url: z.string(),
    method: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    expiresAt: z.string().optional(),
  }),
});
