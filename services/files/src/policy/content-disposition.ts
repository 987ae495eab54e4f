import { isInlineType } from './content-type.js';

/**
 * The download's Content-Disposition: inline for images and PDF, attachment for the rest (so no
 * upload is ever rendered as a page). The UTF-8 name goes in `filename*` (RFC 6266/8187), with
 * an ASCII approximation in `filename` for old clients.
 */
export function downloadDisposition(filename: string, contentType: string): string {
  const kind = isInlineType(contentType) ? 'inline' : 'attachment';
  const ascii =
    filename
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\%]/g, '_') || 'file';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
