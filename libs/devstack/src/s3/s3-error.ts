import type { ServerResponse } from 'node:http';

/** An S3 error as S3 answers it: a status and an XML body with a code clients switch on. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

export const accessDenied = (message = 'Access Denied') => new S3Error(403, 'AccessDenied', message);

const xmlEscape = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function sendS3Error(res: ServerResponse, error: S3Error, requestId: string, method: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body =
    method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message>` +
        `<RequestId>${requestId}</RequestId></Error>`;
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/xml');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.setHeader('x-amz-request-id', requestId);
  res.end(body);
}
