import type { Logger } from '@tasksensei/platform';
import type { ChatMetrics } from '../../reply/chat-metrics.js';
import type { DocumentChunkStore, DocumentHit } from '../chunks/document-chunk.js';

export interface RetrievalOptions {
  /** Passages handed to the model per reply at most. */
  readonly results: number;
  /** Cosine similarity below which a passage is not worth the model's attention. */
  readonly minScore: number;
}

/**
 * The passages of the user's own files nearest to a message (the store filters by user inside
 * the query). A reply goes on without them when Chroma is down, rather than failing.
 */
export class DocumentRetriever {
  constructor(
    private readonly store: DocumentChunkStore,
    private readonly options: RetrievalOptions,
    private readonly logger: Logger,
    private readonly metrics?: ChatMetrics,
  ) {}

  async retrieve(userId: string, query: string): Promise<DocumentHit[]> {
    if (this.options.results <= 0) return [];
    const started = performance.now();
    try {
      // One retry: a reply without the user's files answers wrongly rather than failing visibly.
      const hits = await this.store.search(userId, query, this.options.results).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'document search failed; retrying once');
        return this.store.search(userId, query, this.options.results);
      });
      const kept = hits.filter((h) => h.score >= this.options.minScore);
      this.logger.debug({ found: hits.length, kept: kept.length, best: hits[0]?.score }, 'passages of the user’s files');
      return kept;
    } catch (error) {
      this.logger.warn({ err: error }, 'document search failed; answering without the files');
      return [];
    } finally {
      this.metrics?.documentSearch.observe((performance.now() - started) / 1000);
    }
  }
}

/** How a passage is named to the model and the user: `contract.pdf, page 2`. */
export const passageLabel = (hit: { filename: string; page?: number }) => (hit.page ? `${hit.filename}, page ${hit.page}` : hit.filename);
