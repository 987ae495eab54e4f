import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { llmEndpoint, type ChatEnv } from '../config/chat.env.js';
import { OfflineChatModel } from './offline/offline-chat-model.js';

export interface ChosenModel {
  readonly model: BaseChatModel;
  readonly offline: boolean;
  /** For the start-up log line: never the key. */
  readonly description: string;
}

/**
 * An OpenAI-compatible endpoint through `@langchain/openai` when LLM_BASE_URL, LLM_API_KEY or
 * LLM_MODEL is set (OpenAI, Ollama, vLLM, a llama.cpp server), else the offline model. Chat
 * Completions with streaming and no usage chunk: what every compatible server speaks.
 */
export function chooseModel(env: ChatEnv): ChosenModel {
  const endpoint = llmEndpoint(env);
  if (!endpoint)
    return {
      model: new OfflineChatModel({ tokenDelayMs: env.OFFLINE_TOKEN_DELAY_MS }),
      offline: true,
      description: 'offline model (no LLM endpoint configured)',
    };
  const model = new ChatOpenAI({
    model: endpoint.model,
    apiKey: endpoint.apiKey,
    ...(endpoint.baseUrl ? { configuration: { baseURL: endpoint.baseUrl } } : {}),
    streaming: true,
    streamUsage: false,
    useResponsesApi: false,
    // One retry layer, the reply's own (ReplyRunner): it re-runs the turn with tool calls
    // replayed by index, where a client-level retry could re-ask a half-answered turn.
    maxRetries: 0,
    timeout: env.LLM_TIMEOUT_MS,
  });
  return { model, offline: false, description: `${endpoint.model} at ${endpoint.baseUrl ?? 'api.openai.com'}` };
}
