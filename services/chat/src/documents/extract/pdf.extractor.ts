import { getDocumentProxy } from 'unpdf';
import type { ExtractedDocument, ExtractedPage, ExtractLimits } from './extracted.js';
import { UnreadableDocument } from './unreadable.js';

interface TextItemLike {
  readonly str?: string;
  readonly hasEOL?: boolean;
}

/**
 * PDF text page by page with PDF.js (through unpdf, which bundles a build for servers: nothing is
 * fetched). Only the pages the plan allows are read. A password-protected file fails with a
 * reason; a file with pages but no text (a scan) is `unsupported`: it would need OCR.
 */
export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException')
      throw new UnreadableDocument(
        'failed',
        'This PDF is protected by a password, so the assistant cannot read it. Upload a copy without the password.',
      );
    if (name === 'InvalidPDFException')
      throw new UnreadableDocument('failed', 'This file is not a valid PDF (it may be damaged), so the assistant cannot read it.');
    throw new UnreadableDocument('failed', 'The assistant could not open this PDF.');
  }
  try {
    const total = pdf.numPages;
    const wanted = Math.min(total, limits.maxPages ?? total);
    const pages: ExtractedPage[] = [];
    let characters = 0;
    let truncated = wanted < total;
    for (let number = 1; number <= wanted; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      page.cleanup();
      let text = (content.items as TextItemLike[])
        .map((item) => `${item.str ?? ''}${item.hasEOL ? '\n' : ''}`)
        .join('')
        .replace(/[ \t]+\n/g, '\n')
        .trim();
      if (limits.maxCharacters !== undefined && characters + text.length > limits.maxCharacters) {
        text = text.slice(0, Math.max(0, limits.maxCharacters - characters));
        truncated = true;
      }
      characters += text.length;
      if (text) pages.push({ page: number, text });
      limits.onPage?.(number, wanted);
      if (limits.maxCharacters !== undefined && characters >= limits.maxCharacters) break;
    }
    if (pages.length === 0 && total > 0) {
      throw new UnreadableDocument(
        'unsupported',
        'This PDF has no text the assistant can read (it looks like scanned images). Upload a PDF with selectable text.',
      );
    }
    return { pages, totalPages: total, truncated };
  } finally {
    await pdf.destroy();
  }
}
