/** One page of a document (PDF), or the whole text of a document without pages (`page` absent). */
export interface ExtractedPage {
  readonly page?: number;
  readonly text: string;
}

export interface ExtractedDocument {
  readonly pages: readonly ExtractedPage[];
  /** Pages the document has (PDF), whether or not all were read. */
  readonly totalPages?: number;
  /** The plan's limit left part of the document unread. */
  readonly truncated: boolean;
}

export interface ExtractLimits {
  readonly maxPages?: number;
  readonly maxCharacters?: number;
  /** Called as pages are read (PDF), for progress. */
  readonly onPage?: (read: number, total: number) => void;
}
