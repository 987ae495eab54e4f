import { Controller, Inject } from '@nestjs/common';
import { ChatExportDataContract, type ChatExportData } from '@tasksensei/contracts';
import { Handles, optionalString, plainJson, requireUser, type RequestContext } from '@tasksensei/platform';
import { ChatUserDataRepository } from '../erase-user/chat-user-data.repository.js';
import { CHAT_MEMORY } from '../chat.tokens.js';
import type { MemoryStore } from '../memory/memory.store.js';

type Item = Record<string, unknown>;

/** The user's conversations, tasks, reminders, automations and memories for files' export builder. */
@Controller()
export class ExportDataHandler {
  constructor(
    @Inject(ChatUserDataRepository) private readonly rows: ChatUserDataRepository,
    @Inject(CHAT_MEMORY) private readonly memory: MemoryStore,
  ) {}

  @Handles(ChatExportDataContract)
  async collect(_request: unknown, context: RequestContext): Promise<ChatExportData> {
    const userId = requireUser(context);
    const conversations = await this.rows.conversations(userId);
    const withMessages = await Promise.all(
      conversations.map(async (c: Item) => ({
        conversationId: String(c.conversationId),
        title: String(c.title ?? ''),
        createdAt: String(c.createdAt),
        updatedAt: String(c.updatedAt),
        ...optionalString('summary', c.summary),
        messages: (await this.rows.messages(String(c.conversationId)))
          .filter((m) => m.userId === userId && (m.role !== 'assistant' || m.state === 'completed'))
          .map((m) => ({
            messageId: String(m.messageId),
            role: m.role as 'user' | 'assistant' | 'tool',
            text: String(m.text ?? ''),
            createdAt: String(m.createdAt),
          })),
      })),
    );
    const [tasks, reminders, automations, memories] = await Promise.all([
      this.rows.tasks(userId),
      this.rows.reminders(userId),
      this.rows.automations(userId),
      this.memory.exportUser(userId),
    ]);
    return {
      conversations: withMessages.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      tasks: tasks.map((t) => ({
        taskId: String(t.taskId),
        title: String(t.title),
        status: t.status === 'done' ? 'done' : 'open',
        createdAt: String(t.createdAt),
        ...optionalString('dueAt', t.dueAt),
        ...optionalString('completedAt', t.completedAt),
      })),
      reminders: reminders.map((r) => ({
        reminderId: String(r.reminderId),
        taskId: String(r.taskId),
        title: String(r.title),
        dueAt: String(r.dueAt),
        state: String(r.state),
        ...optionalString('deliveredAt', r.deliveredAt),
      })),
      automations: automations.map((a) => ({
        messageId: String(a.messageId),
        conversationId: String(a.conversationId),
        name: String(a.name),
        input: plainJson(a.input),
        status: String(a.status),
        ...(a.result !== undefined ? { result: plainJson(a.result) } : {}),
        startedAt: String(a.startedAt),
        ...optionalString('finishedAt', a.finishedAt),
      })),
      memories,
    };
  }
}
