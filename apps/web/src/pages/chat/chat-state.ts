import type { Api } from '../../api/client.js';
import type { ChatEventData, ChatMessage, Citation } from '../../api/types.js';
import { Store } from '../../lib/store.js';
import type { ChatSocket } from '../../realtime/chat-socket.js';

export interface Automation {
  readonly key: string;
  readonly name: string;
  readonly input: unknown;
  readonly result: unknown;
}

export type Item =
  | {
      readonly kind: 'user';
      readonly key: string;
      readonly messageId?: string;
      readonly replyId?: string;
      readonly text: string;
      readonly status: 'sending' | 'sent' | 'failed';
      readonly error?: string;
    }
  | {
      readonly kind: 'assistant';
      readonly key: string;
      readonly messageId: string;
      readonly text: string;
      readonly streaming: boolean;
      /** The user stopped it: the text is what was written until then. */
      readonly stopped?: boolean;
      readonly automations: readonly Automation[];
      /** The user's files the reply drew on. */
      readonly citations?: readonly Citation[];
    }
  /** A tool line from the stored history (live automations ride on their reply instead). */
  | { readonly kind: 'tool'; readonly key: string; readonly text: string }
  | { readonly kind: 'error'; readonly key: string; readonly text: string };

export interface ConversationView {
  readonly items: readonly Item[];
  readonly loaded: boolean;
  readonly loadError?: string;
}

/** Items of a conversation not created yet (no id until the first message is acknowledged). */
export const NEW = '';

const EMPTY: ConversationView = { items: [], loaded: false };

/**
 * What the chat page shows, per conversation: the stored history merged with what streams in
 * over the socket. Events are kept for every conversation, the open one or not, so the first
 * tokens of a new conversation (which may beat the acknowledgement that names it) are not lost.
 * Tokens carry a sequence number: a repeated or late one lands in its place.
 */
export class ChatState {
  readonly store = new Store<Readonly<Record<string, ConversationView>>>({});
  private readonly deltas = new Map<string, Map<number, string>>();

  view(conversationId: string): ConversationView {
    return this.store.value[conversationId] ?? EMPTY;
  }

  attach(socket: ChatSocket, onAutomation: (data: ChatEventData<'automation.triggered'>) => void): () => void {
    const offs = [
      socket.on('message.token', (data) => this.token(data)),
      socket.on('automation.triggered', (data) => {
        this.automation(data);
        onAutomation(data);
      }),
      socket.on('message.completed', (data) => this.completed(data)),
      socket.on('message.error', (data) => {
        // A resume that found nothing live: the reloaded history has the reply if it finished.
        if (data.code === 'not_found' && data.messageId) return this.forgetStreaming(data.messageId);
        this.error(data.conversationId ?? NEW, data.message);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Replies still streaming when the connection dropped, with the last seq received in order. */
  streamingReplies(): { messageId: string; afterSeq: number }[] {
    const result: { messageId: string; afterSeq: number }[] = [];
    for (const view of Object.values(this.store.value)) {
      for (const item of view.items) {
        if (item.kind !== 'assistant' || !item.streaming || item.messageId.startsWith('pending-')) continue;
        const parts = this.deltas.get(item.messageId);
        let afterSeq = -1;
        while (parts?.has(afterSeq + 1)) afterSeq += 1;
        result.push({ messageId: item.messageId, afterSeq });
      }
    }
    return result;
  }

  private forgetStreaming(messageId: string): void {
    this.deltas.delete(messageId);
    this.store.update((all) =>
      Object.fromEntries(
        Object.entries(all).map(([id, view]) => [
          id,
          { ...view, items: view.items.map((i) => (i.kind === 'assistant' && i.messageId === messageId ? stopStreaming(i) : i)) },
        ]),
      ),
    );
  }

  async load(api: Api, conversationId: string): Promise<void> {
    try {
      const history = await api.messages(conversationId);
      this.change(conversationId, (live) => merge(history, live), { loaded: true });
    } catch (error) {
      this.update(conversationId, { loaded: true, loadError: (error as Error).message });
    }
  }

  addUser(conversationId: string, key: string, text: string): void {
    this.change(conversationId, (items) => [...items, { kind: 'user', key, text, status: 'sending' }]);
  }

  /** `replyId`: the acknowledgement names the reply that is coming, not the message sent. */
  acknowledged(fromConversation: string, key: string, conversationId: string, replyId: string): void {
    const mark = (items: readonly Item[]) =>
      items.map((i) => (i.key === key && i.kind === 'user' ? { ...i, status: 'sent' as const, replyId } : i));
    if (fromConversation === conversationId) return this.change(conversationId, mark);
    // The new conversation got its id: its items move under it, before anything already streamed.
    const moved = mark(this.view(fromConversation).items);
    this.update(fromConversation, { items: [], loaded: false });
    this.change(conversationId, (items) => [...moved, ...items], { loaded: true });
  }

  /** A regenerated reply is on its way: it shows as being written at once. */
  regenerating(conversationId: string, replyId: string): void {
    this.change(conversationId, (items) => upsertAssistant(items, replyId, (a) => a));
  }

  /** The reply being written in a conversation, if any (what Stop ends). */
  streamingReply(conversationId: string): string | undefined {
    const item = this.view(conversationId).items.find((i) => i.kind === 'assistant' && i.streaming && !i.messageId.startsWith('pending-'));
    return item?.kind === 'assistant' ? item.messageId : undefined;
  }

  failed(conversationId: string, key: string, error: string): void {
    this.change(conversationId, (items) =>
      items.map((i) => (i.key === key && i.kind === 'user' ? { ...i, status: 'failed' as const, error } : i)),
    );
  }

  isReplying(conversationId: string): boolean {
    return this.view(conversationId).items.some(
      (i) => (i.kind === 'assistant' && i.streaming) || (i.kind === 'user' && i.status === 'sending'),
    );
  }

  /**
   * A refused message (the gateway also answers its acknowledgement with the error) marks the
   * message as not sent; a reply that broke off ends with the error in its place.
   */
  private error(conversationId: string, message: string): void {
    this.change(conversationId, (items) => {
      const sending = items.findIndex((i) => i.kind === 'user' && i.status === 'sending');
      if (sending >= 0)
        return items.map((i, n) => (n === sending && i.kind === 'user' ? { ...i, status: 'failed' as const, error: message } : i));
      return [...items.map(stopStreaming), { kind: 'error', key: crypto.randomUUID(), text: message }];
    });
  }

  private token(data: ChatEventData<'message.token'>): void {
    const parts = this.deltas.get(data.messageId) ?? new Map<number, string>();
    parts.set(data.seq, data.delta);
    this.deltas.set(data.messageId, parts);
    const text = [...parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, delta]) => delta)
      .join('');
    this.change(data.conversationId, (items) => {
      const existing = items.find((i) => i.kind === 'assistant' && i.messageId === data.messageId);
      if (existing?.kind === 'assistant' && !existing.streaming) return items; // completed already
      return upsertAssistant(items, data.messageId, (a) => ({ ...a, text }));
    });
  }

  private automation(data: ChatEventData<'automation.triggered'>): void {
    this.change(data.conversationId, (items) => {
      // An automation belongs to the reply being written: named, or else the latest one.
      const replyId =
        data.messageId ??
        [...items].reverse().find((i): i is Extract<Item, { kind: 'assistant' }> => i.kind === 'assistant' && i.streaming)?.messageId ??
        `pending-${data.conversationId}`;
      const automation: Automation = {
        key: `${replyId}:${data.name}:${JSON.stringify(data.input)}`,
        name: data.name,
        input: data.input,
        result: data.result,
      };
      return upsertAssistant(items, replyId, (a) =>
        a.automations.some((x) => x.key === automation.key) ? a : { ...a, automations: [...a.automations, automation] },
      );
    });
  }

  private completed(data: ChatEventData<'message.completed'>): void {
    this.deltas.delete(data.messageId);
    this.change(data.conversationId, (items) => {
      // Automations that arrived before the reply had an id join it.
      const pending = items.find((i) => i.kind === 'assistant' && i.messageId === `pending-${data.conversationId}`);
      const rest = items.filter((i) => i !== pending);
      return upsertAssistant(rest, data.messageId, (a) => ({
        ...a,
        text: data.text,
        streaming: false,
        ...(data.citations?.length ? { citations: data.citations } : {}),
        ...(data.stopped ? { stopped: true } : {}),
        automations: pending?.kind === 'assistant' ? [...pending.automations, ...a.automations] : a.automations,
      }));
    });
  }

  private change(conversationId: string, edit: (items: readonly Item[]) => readonly Item[], extra: Partial<ConversationView> = {}): void {
    const current = this.view(conversationId);
    this.update(conversationId, { ...extra, items: edit(current.items) });
  }

  private update(conversationId: string, change: Partial<ConversationView>): void {
    this.store.update((all) => ({ ...all, [conversationId]: { ...(all[conversationId] ?? EMPTY), ...change } }));
  }
}

function stopStreaming(item: Item): Item {
  return item.kind === 'assistant' && item.streaming ? { ...item, streaming: false } : item;
}

function upsertAssistant(
  items: readonly Item[],
  messageId: string,
  edit: (item: Extract<Item, { kind: 'assistant' }>) => Extract<Item, { kind: 'assistant' }>,
): readonly Item[] {
  const index = items.findIndex((i) => i.kind === 'assistant' && i.messageId === messageId);
  if (index >= 0) return items.map((i, n) => (n === index && i.kind === 'assistant' ? edit(i) : i));
  return [...items, edit({ kind: 'assistant', key: messageId, messageId, text: '', streaming: true, automations: [] })];
}

/** The stored history, then whatever live items it does not contain yet. */
function merge(history: readonly ChatMessage[], live: readonly Item[]): readonly Item[] {
  const stored: Item[] = history.map((m): Item => {
    if (m.role === 'user') return { kind: 'user', key: m.messageId, messageId: m.messageId, text: m.text, status: 'sent' };
    if (m.role === 'tool') return { kind: 'tool', key: m.messageId, text: m.text };
    const streamed = live.find((i) => i.kind === 'assistant' && i.messageId === m.messageId);
    return {
      kind: 'assistant',
      key: m.messageId,
      messageId: m.messageId,
      text: m.text,
      streaming: false,
      ...(m.stopped ? { stopped: true } : {}),
      automations: streamed?.kind === 'assistant' ? streamed.automations : [],
      ...(m.citations?.length
        ? { citations: m.citations }
        : streamed?.kind === 'assistant' && streamed.citations
          ? { citations: streamed.citations }
          : {}),
    };
  });
  // Tool lines stored just before a reply whose automations are shown live are the same thing.
  for (let i = stored.length - 1; i > 0; i -= 1) {
    const item = stored[i]!;
    if (item.kind !== 'assistant' || !item.automations.length) continue;
    while (i > 0 && stored[i - 1]!.kind === 'tool') {
      stored.splice(i - 1, 1);
      i -= 1;
    }
  }
  const ids = new Set(history.map((m) => m.messageId));
  // A message sent from this page has no stored id here: the history's copy is the one with the same text.
  const storedUserTexts = history.filter((m) => m.role === 'user').map((m) => m.text);
  const extra = live.filter((i) => {
    if (i.kind === 'tool') return false;
    if (i.kind === 'assistant') return !ids.has(i.messageId);
    if (i.kind === 'user') {
      if (i.messageId) return !ids.has(i.messageId);
      const index = i.status === 'sent' ? storedUserTexts.indexOf(i.text) : -1;
      if (index < 0) return true;
      storedUserTexts.splice(index, 1);
      return false;
    }
    return true;
  });
  return [...stored, ...extra];
}
