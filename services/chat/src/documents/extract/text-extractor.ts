import { extractDocx } from './docx.extractor.js';
import type { ExtractedDocument, ExtractLimits } from './extracted.js';
import { extractPdf } from './pdf.extractor.js';
import { extractHtml, extractPlainText } from './text.extractor.js';
import { UnreadableDocument } from './unreadable.js';

type Reader = (bytes: Uint8Array, limits: ExtractLimits) => Promise<ExtractedDocument> | ExtractedDocument;

const READERS: Record<string, Reader> = {
  'application/pdf': extractPdf,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': extractDocx,
  'text/plain': extractPlainText,
  'text/markdown': extractPlainText,
  'text/x-markdown': extractPlainText,
  'text/csv': extractPlainText,
  'text/tab-separated-values': extractPlainText,
  'text/html': extractHtml,
};

const baseType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Whether the assistant reads this kind of file at all (decided before any byte is fetched). */
export const isReadable = (contentType: string) => baseType(contentType) in READERS;

export const READABLE_KINDS = 'PDF, Word (DOCX), plain text, Markdown, CSV and HTML';

/**
 * A document's text by its type, within the plan's limits. Anything the readers cannot make
 * sense of ends as UnreadableDocument with a reason for the user; nothing else escapes.
 */
export async function extractText(bytes: Uint8Array, contentType: string, limits: ExtractLimits = {}): Promise<ExtractedDocument> {
  const reader = READERS[baseType(contentType)];
  if (!reader)
    throw new UnreadableDocument(
      'unsupported',
      `The assistant reads ${READABLE_KINDS} files; it cannot read this kind of file (${baseType(contentType)}).`,
    );
  let document: ExtractedDocument;
  try {
    document = await reader(bytes, limits);
  } catch (error) {
    if (error instanceof UnreadableDocument) throw error;
    throw new UnreadableDocument('failed', 'The assistant could not read this file (it may be damaged).');
  }
  document = capCharacters(document, limits.maxCharacters);
  if (document.pages.every((p) => !p.text.trim()))
    throw new UnreadableDocument('unsupported', 'This file has no text for the assistant to read.');
  return document;
}

function capCharacters(document: ExtractedDocument, max: number | undefined): ExtractedDocument {
  if (max === undefined) return document;
  let left = max;
  let truncated = document.truncated;
  const pages = [];
  for (const page of document.pages) {
    if (left <= 0) {
      truncated = true;
      break;
    }
    if (page.text.length > left) truncated = true;
    pages.push({ ...page, text: page.text.slice(0, left) });
    left -= page.text.length;
  }
  return { ...document, pages, truncated };
}
