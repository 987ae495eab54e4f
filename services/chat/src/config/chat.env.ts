import { DynamoEnvSchema, serviceEnvSchema, url } from '@tasksensei/platform';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const ChatEnvSchema = serviceEnvSchema(8084)
  .extend(DynamoEnvSchema.shape)
  .extend({
    CHROMA_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8000'),
    /** Prefix of the memory collection; the embedding in use is appended (vectors of two models never mix). */
    CHROMA_COLLECTION: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}$/, 'must be 2-41 letters, digits, _ or -')
      .default('chat-memory'),
    /** An OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp server); without one the offline model answers. */
    LLM_BASE_URL: url()
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_MODEL: z.string().min(1).max(200).optional(),
    /** Embeddings model on that endpoint; without one the offline embedding is used. */
    EMBEDDINGS_MODEL: z.string().min(1).max(200).optional(),
    LLM_TIMEOUT_MS: int(1_000, 600_000, 60_000),
    /** Pause before each word the offline model streams (0: as fast as it can); a demo or test sets a visible pace. */
    OFFLINE_TOKEN_DELAY_MS: int(0, 1_000, 0),
    /** Dimensions of the offline embedding (hashed word and character n-grams). */
    OFFLINE_EMBEDDING_DIMENSIONS: int(64, 4_096, 512),
    /** What the model sees per reply (system prompt, summary, memories, recent turns), in estimated tokens. */
    CHAT_CONTEXT_TOKEN_BUDGET: int(500, 200_000, 3_000),
    /** Earlier messages of the user recalled from memory per reply. */
    CHAT_MEMORY_RESULTS: int(0, 50, 6),
    /** Recent messages of the conversation kept verbatim; older ones are summarised. */
    CHAT_RECENT_MESSAGES: int(2, 200, 12),
    /** Unsummarised messages beyond the recent ones that trigger a new summary. */
    CHAT_SUMMARY_AFTER_MESSAGES: int(2, 500, 12),
    /** Model turns per reply (each may run tools) before the reply is cut short. */
    CHAT_MAX_TOOL_STEPS: int(1, 20, 4),
    /** A reply's lease: a process that stops renewing it for this long is presumed dead and the reply failed. */
    CHAT_REPLY_LEASE_MS: int(1_000, 600_000, 15_000),
    /** How long a user's plan (limits) is cached before billing is asked again. */
    CHAT_PLAN_CACHE_MS: int(0, 3_600_000, 30_000),
    /** How long a user's time zone (users' profile) is cached: a change made elsewhere than in chat shows after this long at most. */
    CHAT_TIMEZONE_CACHE_MS: int(0, 3_600_000, 60_000),
    /** Prefix of the collection of passages of users' files; the embedding in use is appended. */
    CHROMA_DOCUMENTS_COLLECTION: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}$/, 'must be 2-41 letters, digits, _ or -')
      .default('chat-documents'),
    /** Files larger than this are not read for the assistant (the plan's page and character limits apply below it). */
    DOCUMENTS_MAX_BYTES: int(1_024, 2_147_483_647, 50 * 1024 * 1024),
    /** Characters per passage, and how many of them consecutive passages share. */
    DOCUMENTS_CHUNK_SIZE: int(200, 8_000, 800),
    DOCUMENTS_CHUNK_OVERLAP: int(0, 2_000, 120),
    /** Passages of the user's files given to the model per reply at most (0: the assistant does not read files in replies). */
    DOCUMENTS_RESULTS: int(0, 20, 4),
    /** Cosine similarity a passage needs to be given to the model. */
    DOCUMENTS_MIN_SCORE: z.coerce.number().min(-1).max(1).default(0.2),
    /** How long one file's reading may take before its delivery is retried (large files are read in the background). */
    DOCUMENTS_ACK_WAIT_MS: int(10_000, 3_600_000, 300_000),
    /** How long the events of a reply stay in the reply log (JetStream, in memory) for clients that reconnect and `resume`. */
    CHAT_REPLY_LOG_TTL_SECONDS: int(30, 86_400, 900),
    /** Tokens are logged in groups over this long (a `resume` waits as long before reading); 0: each event alone. */
    CHAT_REPLY_LOG_FLUSH_MS: int(0, 1_000, 50),
    /** How often a user's memories are counted again for the plan's cap (in between, each replica counts its own writes). */
    CHAT_MEMORY_RECOUNT_MS: int(0, 86_400_000, 300_000),
    /** Replies' memory writes are grouped: a batch is written when it holds this many messages... */
    CHAT_MEMORY_WRITE_BATCH: int(1, 1_000, 64),
    /** ...or this long after its first message was queued (a reply announces its completion once its messages are written). */
    CHAT_MEMORY_WRITE_FLUSH_MS: int(0, 5_000, 20),
    /** How often due reminders are looked for. */
    REMINDER_POLL_MS: int(100, 600_000, 1_000),
  })
  .superRefine((env, ctx) => {
    if (env.DOCUMENTS_CHUNK_OVERLAP >= env.DOCUMENTS_CHUNK_SIZE) {
      ctx.addIssue({ code: 'custom', path: ['DOCUMENTS_CHUNK_OVERLAP'], message: 'must be smaller than DOCUMENTS_CHUNK_SIZE' });
    }
    if ((env.LLM_MODEL || env.EMBEDDINGS_MODEL) && !env.LLM_BASE_URL && !env.LLM_API_KEY) {
      const variable = env.LLM_MODEL ? 'LLM_MODEL' : 'EMBEDDINGS_MODEL';
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_API_KEY'],
        message: `is required with ${variable} when LLM_BASE_URL is not set (OpenAI itself needs a key)`,
      });
    }
  });
export type ChatEnv = z.infer<typeof ChatEnvSchema>;

/** The chat endpoint, when one is configured (any of the three variables). */
export function llmEndpoint(env: ChatEnv): { baseUrl?: string; apiKey: string; model: string } | undefined {
  if (!env.LLM_BASE_URL && !env.LLM_API_KEY && !env.LLM_MODEL) return undefined;
  return {
    ...(env.LLM_BASE_URL ? { baseUrl: env.LLM_BASE_URL } : {}),
    // Local servers (Ollama, llama.cpp) take any key; the SDK insists on one.
    apiKey: env.LLM_API_KEY ?? 'not-needed',
    model: env.LLM_MODEL ?? 'gpt-4o-mini',
  };
}
