import type { UploadTicket } from '../api/types.js';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * PUTs the bytes straight to the presigned URL with exactly the headers it was signed with
 * (XMLHttpRequest, because fetch reports no upload progress). The object store answers, not
 * the gateway, so its errors are XML, not problem+json.
 */
export function putToPresignedUrl(ticket: UploadTicket, file: Blob, onProgress: (loaded: number, total: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) {
      // The browser sets these itself and refuses to have them set.
      if (!/^(host|content-length)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else if (xhr.status === 403) reject(new UploadError('The upload link was refused (it may have expired). Try again.', xhr.status));
      else reject(new UploadError(`The storage service answered ${xhr.status}. Try again.`, xhr.status));
    });
    xhr.addEventListener('error', () => reject(new UploadError('The upload failed: the storage service could not be reached.', 0)));
    xhr.addEventListener('abort', () => reject(new UploadError('Upload cancelled.', 0)));
    signal.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
