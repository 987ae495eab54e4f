import { deleteKeys, keyOf, queryIndex, queryPartition, type Dynamo } from '@tasksensei/platform';
import { USER_INDEX } from '../storage/tables.js';

type Item = Record<string, unknown>;

/**
 * Everything chat keeps in DynamoDB for one user, read and removed table by table. Tables keyed
 * by user are queried; messages by conversation; automations and reminders (keyed by reply and
 * reminder id) through their `by-user` index; the records of erased memories (chat-forgotten) by user.
 */
export class ChatUserDataRepository {
  constructor(private readonly dynamo: Dynamo) {}

  conversations(userId: string): Promise<Item[]> {
    return queryPartition(this.dynamo, this.dynamo.table('chat-conversations'), 'userId', userId);
  }

  messages(conversationId: string): Promise<Item[]> {
    return queryPartition(this.dynamo, this.dynamo.table('chat-messages'), 'conversationId', conversationId);
  }

  tasks(userId: string): Promise<Item[]> {
    return queryPartition(this.dynamo, this.dynamo.table('chat-tasks'), 'userId', userId);
  }

  reminders(userId: string): Promise<Item[]> {
    return queryIndex(this.dynamo, this.dynamo.table('chat-reminders'), USER_INDEX, 'userId', userId);
  }

  automations(userId: string): Promise<Item[]> {
    return queryIndex(this.dynamo, this.dynamo.table('chat-automations'), USER_INDEX, 'userId', userId);
  }

  /** Every row of the user in every chat table; answers how many went, by table. */
  async erase(userId: string): Promise<Record<string, number>> {
    const t = (name: string) => this.dynamo.table(name);
    const counts: Record<string, number> = { messages: 0 };
    const conversations = await this.conversations(userId);
    for (const conversation of conversations) {
      const messages = await this.messages(String(conversation.conversationId));
      // Only this user's messages: a conversation id is the user's alone, but a check costs nothing.
      counts.messages! += await deleteKeys(
        this.dynamo,
        t('chat-messages'),
        messages.filter((m) => m.userId === userId).map((m) => keyOf(m, 'conversationId', 'position')),
      );
    }
    counts.automations = await deleteKeys(
      this.dynamo,
      t('chat-automations'),
      (await this.automations(userId)).map((i) => keyOf(i, 'messageId', 'callIndex')),
    );
    counts.reminders = await deleteKeys(
      this.dynamo,
      t('chat-reminders'),
      (await this.reminders(userId)).map((i) => keyOf(i, 'reminderId')),
    );
    counts.tasks = await deleteKeys(
      this.dynamo,
      t('chat-tasks'),
      (await this.tasks(userId)).map((i) => keyOf(i, 'userId', 'taskId')),
    );
    // What the user had erased from memory: with their messages gone, there is nothing to leave out.
    counts.forgotten = await this.erasePartition('chat-forgotten', userId, 'memoryId');
    counts.clientMessages = await this.erasePartition('chat-client-messages', userId, 'clientMessageId');
    counts.usage = await this.erasePartition('chat-usage', userId, 'day');
    // Conversations last: a retry after a crash still finds their messages through them.
    counts.conversations = await deleteKeys(
      this.dynamo,
      t('chat-conversations'),
      conversations.map((c) => keyOf(c, 'userId', 'conversationId')),
    );
    return counts;
  }

  private async erasePartition(table: string, userId: string, rangeKey: string): Promise<number> {
    const items = await queryPartition(this.dynamo, this.dynamo.table(table), 'userId', userId);
    return deleteKeys(
      this.dynamo,
      this.dynamo.table(table),
      items.map((i) => keyOf(i, 'userId', rangeKey)),
    );
  }
}
