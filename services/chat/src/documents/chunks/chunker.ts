import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { ExtractedPage } from '../extract/extracted.js';
import type { DocumentChunk } from './document-chunk.js';

export interface ChunkOptions {
  readonly chunkSize: number;
  readonly chunkOverlap: number;
}

/**
 * Passages for retrieval with LangChain's recursive splitter (paragraphs, then lines, then
 * sentences, then words), page by page so every passage knows its page.
 */
export async function chunkPages(
  file: { userId: string; fileId: string; filename: string },
  pages: readonly ExtractedPage[],
  options: ChunkOptions,
): Promise<DocumentChunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    separators: ['\n\n', '\n', '. ', ' ', ''],
  });
  const chunks: DocumentChunk[] = [];
  // A passage repeated word for word (a header, a log line) is stored once: copies add nothing
  // to an answer and crowd the vector index, whose approximate search then misses the rest.
  const seen = new Set<string>();
  for (const page of pages) {
    const pieces = await splitter.splitText(page.text);
    pieces.forEach((text, n) => {
      const trimmed = text.trim();
      if (!trimmed || seen.has(trimmed)) return;
      seen.add(trimmed);
      chunks.push({
        id: `${file.fileId}:${page.page ?? 0}:${n}`,
        userId: file.userId,
        fileId: file.fileId,
        filename: file.filename,
        ...(page.page ? { page: page.page } : {}),
        text: trimmed,
      });
    });
  }
  return chunks;
}
