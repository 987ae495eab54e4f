import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { Logger } from '@tasksensei/platform';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { textContent } from '../model/offline/offline-chat-model.js';
import type { SummaryPlan } from './context-builder.js';
import { SUMMARY_HEADER, SUMMARY_INSTRUCTION } from './prompt.js';

/** Folds the older part of a conversation into its summary, with the same model that answers. */
export class ConversationSummarizer {
  private readonly running = new Set<string>();

  constructor(
    private readonly model: BaseChatModel,
    private readonly conversations: ConversationStore,
    private readonly logger: Logger,
  ) {}

  async summarise(userId: string, conversationId: string, plan: SummaryPlan): Promise<void> {
    // One summary per conversation at a time; the next reply catches up on the rest.
    if (this.running.has(conversationId)) return;
    this.running.add(conversationId);
    try {
      const transcript = plan.records.map((r) => `${r.role}: ${r.text.replace(/\s+/g, ' ')}`).join('\n');
      const instructions = plan.previous ? `${SUMMARY_INSTRUCTION}\n\n${SUMMARY_HEADER}\n${plan.previous}` : SUMMARY_INSTRUCTION;
      // `stream`, not `invoke`: ChatOpenAI's invoke on a streaming model counts tokens with
      // tiktoken, which fetches its encoding from the internet at run time.
      let summary = '';
      for await (const chunk of await this.model.stream([new SystemMessage(instructions), new HumanMessage(transcript)]))
        summary += textContent(chunk);
      summary = summary.trim();
      if (summary) await this.conversations.saveSummary(userId, conversationId, summary, plan.through);
      this.logger.debug({ conversationId, messages: plan.records.length }, 'conversation summarised');
    } catch (error) {
      this.logger.warn({ err: error, conversationId }, 'summary failed; the next reply tries again');
    } finally {
      this.running.delete(conversationId);
    }
  }
}
