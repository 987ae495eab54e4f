/** Injection tokens for the ports handlers need (interfaces have no runtime identity). */

/** The passages of users' files (DocumentChunkStore): account erasure calls its `eraseUser`. */
export const DOCUMENT_STORE = Symbol.for('chat.document-store');
/** The memory store (Chroma) for whole-account export. */
export const CHAT_MEMORY = Symbol.for('chat.memory');
