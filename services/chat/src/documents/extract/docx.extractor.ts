import mammoth from 'mammoth';
import type { ExtractedDocument } from './extracted.js';
import { UnreadableDocument } from './unreadable.js';

/** Word (DOCX) text with mammoth. DOCX has no fixed pages, so passages cite the file alone. */
export async function extractDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  let text: string;
  try {
    ({ value: text } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch {
    throw new UnreadableDocument('failed', 'This Word document could not be opened (it may be damaged or password-protected).');
  }
  return { pages: [{ text: text.trim() }], truncated: false };
}
