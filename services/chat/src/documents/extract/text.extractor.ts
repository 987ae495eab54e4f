import { convert } from 'html-to-text';
import type { ExtractedDocument } from './extracted.js';

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);

/** Plain text, Markdown and CSV as written: their words are the text (a CSV's header and rows read as lines). */
export function extractPlainText(bytes: Uint8Array): ExtractedDocument {
  return { pages: [{ text: decode(bytes).replace(/\r\n?/g, '\n').trim() }], truncated: false };
}

/** HTML's visible text (html-to-text): no tags, scripts or styles; links keep their words. */
export function extractHtml(bytes: Uint8Array): ExtractedDocument {
  const text = convert(decode(bytes), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
  return { pages: [{ text: text.trim() }], truncated: false };
}
