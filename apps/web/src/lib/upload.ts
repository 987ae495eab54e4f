import type { Api } from '../api/client.js';
import type { CompletedPart, PresignedPut, StoredFile, UploadPart, UploadTicket } from '../api/types.js';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** Parts in flight at once for a large file. */
const PART_CONCURRENCY = 3;
/** A part URL with less time than this left is renewed before use. */
const URL_MARGIN_MS = 60_000;

/**
 * PUTs bytes to a presigned URL with exactly the headers it was signed with (XMLHttpRequest,
 * because fetch reports no upload progress); resolves with the ETag the store answered. The
 * object store answers, not the gateway, so its errors are XML, not problem+json.
 */
export function putToPresignedUrl(
  target: PresignedPut,
  body: Blob,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadError('Upload cancelled.', 0));
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) {
      // The browser sets these itself and refuses to have them set.
      if (!/^(host|content-length)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('etag') ?? '');
      else if (xhr.status === 403) reject(new UploadError('The upload link was refused (it may have expired). Try again.', xhr.status));
      else reject(new UploadError(`The storage service answered ${xhr.status}. Try again.`, xhr.status));
    });
    xhr.addEventListener('error', () => reject(new UploadError('The upload failed: the storage service could not be reached.', 0)));
    xhr.addEventListener('abort', () => reject(new UploadError('Upload cancelled.', 0)));
    signal.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/**
 * The whole upload of API.md: reserve (`/generate`), send the bytes straight to storage (one
 * PUT, or parts for a large file, a few at a time, asking for more part URLs as it goes), then
 * confirm (`/complete`). A failed or cancelled upload is given up (`/abort`), which frees its
 * reservation of the quota at once.
 */
export async function uploadFile(
  api: Api,
  file: File,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
  ticketFor?: UploadTicket,
): Promise<StoredFile> {
  const ticket =
    ticketFor ?? (await api.generateUpload({ filename: file.name, contentType: file.type || 'application/octet-stream', size: file.size }));
  try {
    if (!ticket.multipart) {
      await putToPresignedUrl(ticket, file, onProgress, signal);
      return await api.completeUpload(ticket.fileId);
    }
    const parts = await uploadParts(api, ticket, file, onProgress, signal);
    return await api.completeUpload(ticket.fileId, parts);
  } catch (error) {
    void api.abortUpload(ticket.fileId).catch(() => undefined);
    throw error;
  }
}

async function uploadParts(
  api: Api,
  ticket: UploadTicket,
  file: File,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
): Promise<CompletedPart[]> {
  const { partSize, partCount } = ticket.multipart!;
  const known = new Map<number, UploadPart>(ticket.multipart!.parts.map((p) => [p.partNumber, p]));
  const loaded = new Map<number, number>();
  const done: CompletedPart[] = [];
  let next = 1;

  const urlFor = async (partNumber: number): Promise<UploadPart> => {
    const part = known.get(partNumber);
    if (part && Date.parse(part.expiresAt) - Date.now() > URL_MARGIN_MS) return part;
    const wanted = Array.from({ length: Math.min(100, partCount - partNumber + 1) }, (_, i) => partNumber + i);
    for (const fresh of (await api.uploadParts(ticket.fileId, wanted)).parts) known.set(fresh.partNumber, fresh);
    return known.get(partNumber)!;
  };

  const worker = async () => {
    while (next <= partCount) {
      const partNumber = next;
      next += 1;
      const part = await urlFor(partNumber);
      const start = (partNumber - 1) * partSize;
      const etag = await putToPresignedUrl(
        part,
        file.slice(start, start + part.size),
        (bytes) => {
          loaded.set(partNumber, bytes);
          onProgress([...loaded.values()].reduce((sum, n) => sum + n, 0));
        },
        signal,
      );
      if (!etag) throw new UploadError('The storage service did not confirm a part. Try again.', 0);
      done.push({ partNumber, etag });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, partCount) }, worker));
  return done.sort((a, b) => a.partNumber - b.partNumber);
}
