import { Counter, Histogram, type Metrics } from '@tasksensei/platform';

export interface ChatMetrics {
  readonly replies: Counter<'outcome'>;
  readonly firstToken: Histogram;
  readonly replyDuration: Histogram;
  readonly memorySearch: Histogram;
  readonly documentSearch: Histogram;
  readonly documentsIndexed: Counter<'status'>;
  readonly automations: Counter<'name' | 'outcome'>;
}

export function chatMetrics(metrics: Metrics): ChatMetrics {
  return {
    replies: new Counter({
      name: 'tasksensei_chat_replies_total',
      help: 'Replies by outcome (completed, failed, interrupted)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    }),
    firstToken: new Histogram({
      name: 'tasksensei_chat_first_token_seconds',
      help: 'From accepting a message to its first streamed token',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    }),
    replyDuration: new Histogram({
      name: 'tasksensei_chat_reply_seconds',
      help: 'From accepting a message to its stored reply',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    }),
    memorySearch: new Histogram({
      name: 'tasksensei_chat_memory_search_seconds',
      help: 'Memory retrieval (embedding + vector query)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [metrics.registry],
    }),
    documentSearch: new Histogram({
      name: 'tasksensei_chat_document_search_seconds',
      help: "Retrieval from the user's files (embedding + vector query)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [metrics.registry],
    }),
    documentsIndexed: new Counter({
      name: 'tasksensei_chat_documents_indexed_total',
      help: 'Files read for the assistant, by outcome (indexed, unsupported, failed)',
      labelNames: ['status'],
      registers: [metrics.registry],
    }),
    automations: new Counter({
      name: 'tasksensei_chat_automations_total',
      help: 'Tool calls by automation and outcome',
      labelNames: ['name', 'outcome'],
      registers: [metrics.registry],
    }),
  };
}
