import type { Embeddings } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import { llmEndpoint, type ChatEnv } from '../config/chat.env.js';
import { OfflineEmbeddings } from './offline-embeddings.js';

export interface ChosenEmbeddings {
  readonly embeddings: Embeddings;
  /** Part of the collection name: one vector space per embedding. */
  readonly id: string;
  readonly offline: boolean;
  /** A text gets the same vector as a query and as a document: a message looked up is not embedded again to be remembered. */
  readonly symmetric: boolean;
}

/** The endpoint's embeddings model when EMBEDDINGS_MODEL is set, else the offline embedding. */
export function chooseEmbeddings(env: ChatEnv): ChosenEmbeddings {
  const endpoint = llmEndpoint(env);
  if (env.EMBEDDINGS_MODEL && endpoint) {
    return {
      embeddings: new OpenAIEmbeddings({
        model: env.EMBEDDINGS_MODEL,
        apiKey: endpoint.apiKey,
        ...(endpoint.baseUrl ? { configuration: { baseURL: endpoint.baseUrl } } : {}),
        maxRetries: 1,
        timeout: env.LLM_TIMEOUT_MS,
      }),
      id: `m-${env.EMBEDDINGS_MODEL.toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40)}`,
      offline: false,
      // OpenAI-compatible embeddings models embed a query as any other input.
      symmetric: true,
    };
  }
  const offline = new OfflineEmbeddings(env.OFFLINE_EMBEDDING_DIMENSIONS);
  return { embeddings: offline, id: offline.id, offline: true, symmetric: true };
}

/** One collection per embedding (vectors of two models never mix); the rebuild tool uses it too. */
export const memoryCollection = (base: string, embeddingId: string) =>
  `${base}-${embeddingId}`
    .replace(/[^a-zA-Z0-9._-]/g, '-')
    .replace(/[-_.]+$/, '')
    .slice(0, 60);
