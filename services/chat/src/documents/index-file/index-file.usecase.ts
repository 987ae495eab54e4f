import { formatBytes, type EventOf, type FileUploadedEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { PlanLimits } from '../../plans/plan-limits.js';
import { chunkPages, type ChunkOptions } from '../chunks/chunker.js';
import type { DocumentChunkStore } from '../chunks/document-chunk.js';
import { extractText, isReadable, READABLE_KINDS } from '../extract/text-extractor.js';
import { UnreadableDocument } from '../extract/unreadable.js';
import type { DocumentEvents, IndexOutcome } from './document-events.js';
import type { FileSource } from './file-source.js';

export interface IndexFileOptions extends ChunkOptions {
  /** Files larger than this are not read at all (the plan's page/character limits cut the rest). */
  readonly maxBytes: number;
  /** Passages embedded and stored per step (each step reports progress). */
  readonly batchSize: number;
}

export interface IndexFileDeps {
  readonly source: FileSource;
  readonly store: DocumentChunkStore;
  readonly events: DocumentEvents;
  readonly limits: PlanLimits;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Reads an uploaded file for the assistant (on `file.uploaded`, in the background of the upload):
 * fetch the bytes through a URL files signs, extract the text within the plan's limits, split,
 * embed and store the passages with the owner, file, name and page, then say how it ended
 * (`file.indexed`). Reading a file again replaces its passages (same ids, old ones dropped
 * first). A file the assistant cannot read ends `unsupported` or `failed` with a reason; an I/O
 * failure (S3, Chroma, the bus) throws, and the delivery is retried.
 */
export class IndexFileUseCase {
  constructor(
    private readonly deps: IndexFileDeps,
    private readonly options: IndexFileOptions,
  ) {}

  async execute(event: EventOf<typeof FileUploadedEvent>): Promise<void> {
    const { userId, fileId } = event.data;
    const { source, store, events, logger } = this.deps;
    const attempt = this.deps.clock.now().toISOString();
    const file = await source.find(userId, fileId);
    if (!file) {
      logger.info({ fileId }, 'file gone before it was read');
      return;
    }
    const finish = (outcome: IndexOutcome) => events.finished(userId, fileId, attempt, outcome);
    if (!isReadable(file.contentType)) {
      await store.forgetFile(userId, fileId);
      return finish({ status: 'unsupported', error: `The assistant reads ${READABLE_KINDS} files; it does not read this kind of file.` });
    }
    if (file.size > this.options.maxBytes) {
      await store.forgetFile(userId, fileId);
      return finish({
        status: 'unsupported',
        error: `This file is too large for the assistant to read (over ${formatBytes(this.options.maxBytes)}).`,
      });
    }

    const limits = await this.deps.limits.limitsFor(userId);
    const bytes = await source.read(file, this.options.maxBytes);
    events.progress(userId, fileId, 0);
    let lastReported = 0;
    let document;
    try {
      document = await extractText(bytes, file.contentType, {
        ...(limits.documentPagesPerFile !== undefined ? { maxPages: limits.documentPagesPerFile } : {}),
        ...(limits.documentCharactersPerFile !== undefined ? { maxCharacters: limits.documentCharactersPerFile } : {}),
        onPage: (read, total) => {
          // Reading is the first half of the work, storing the second.
          if (read === total || read - lastReported >= Math.max(1, Math.ceil(total / 10))) {
            lastReported = read;
            events.progress(userId, fileId, (read / total) * 0.5, read);
          }
        },
      });
    } catch (error) {
      if (!(error instanceof UnreadableDocument)) throw error;
      await store.forgetFile(userId, fileId);
      return finish({ status: error.status, error: error.reason });
    }

    const chunks = await chunkPages({ userId, fileId, filename: file.filename }, document.pages, this.options);
    await store.forgetFile(userId, fileId);
    for (let i = 0; i < chunks.length; i += this.options.batchSize) {
      await store.add(chunks.slice(i, i + this.options.batchSize));
      events.progress(userId, fileId, 0.5 + (0.5 * Math.min(chunks.length, i + this.options.batchSize)) / chunks.length);
    }
    // Deleted while it was being read: its file.deleted may have been handled before these passages
    // were stored, so they go now (one of the two always sees the other).
    if (!(await source.find(userId, fileId))) {
      await store.forgetFile(userId, fileId);
      logger.info({ fileId }, 'file deleted while it was read; passages dropped');
      return;
    }
    const characters = document.pages.reduce((sum, p) => sum + p.text.length, 0);
    const pagesRead = document.pages.reduce((max, p) => Math.max(max, p.page ?? 0), 0);
    logger.info(
      { fileId, chunks: chunks.length, characters, pages: pagesRead, truncated: document.truncated },
      'file read for the assistant',
    );
    return finish({
      status: 'indexed',
      chunks: chunks.length,
      characters,
      ...(document.totalPages !== undefined ? { pages: pagesRead } : {}),
      ...(document.truncated
        ? {
            truncated: true,
            error: `Only part of this file was read: the ${limits.planName} plan reads ${describeLimit(limits.documentPagesPerFile, limits.documentCharactersPerFile)} of each file.`,
          }
        : {}),
    });
  }
}

function describeLimit(pages: number | undefined, characters: number | undefined): string {
  const parts = [
    ...(pages !== undefined ? [`${pages.toLocaleString('en-US')} pages`] : []),
    ...(characters !== undefined ? [`${characters.toLocaleString('en-US')} characters`] : []),
  ];
  return parts.join(' and ') || 'a part';
}
