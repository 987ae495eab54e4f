import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/problem.js';
import type { Conversation, Task } from '../api/types.js';
import { Alert } from '../components/field.js';
import { formatDateTime } from '../lib/format.js';
import { Link, navigate, ROUTES } from '../lib/router.js';
import { useStore } from '../lib/store.js';
import { useServices } from '../services.js';
import { ChatState, NEW } from './chat/chat-state.js';
import { Timeline } from './chat/timeline.js';

const MAX_LENGTH = 8_000;

export function ChatPage({ conversationId }: { conversationId?: string | undefined }) {
  const { api, socket, account, notices } = useServices();
  const state = useMemo(() => new ChatState(), []);
  const views = useStore(state.store);
  const [conversations, setConversations] = useState<readonly Conversation[]>();
  const [tasks, setTasks] = useState<readonly Task[]>();
  const [freshTask, setFreshTask] = useState<string>();
  const [listError, setListError] = useState<string>();
  const [draft, setDraft] = useState('');
  const [connection, setConnection] = useState(socket.connection);
  const composer = useRef<HTMLTextAreaElement>(null);
  const current = conversationId ?? NEW;
  const stored = views[current];
  // A conversation not created yet has no history to load.
  const view = {
    items: stored?.items ?? [],
    loaded: conversationId === undefined || (stored?.loaded ?? false),
    loadError: stored?.loadError,
  };
  const timeZone = account.store.value.profile?.timezone;

  const loadLists = useMemo(
    () => () => {
      api.conversations().then(
        (list) => {
          setConversations(list);
          setListError(undefined);
        },
        (e: unknown) => setListError(describeError(e)),
      );
      api.tasks().then(setTasks, () => setTasks((t) => t ?? []));
    },
    [api],
  );

  useEffect(() => {
    loadLists();
    const detach = state.attach(socket, (automation) => {
      const result = automation.result as { ok?: boolean; task?: { taskId?: string } } | undefined;
      if (automation.name.includes('task') || automation.name === 'schedule_reminder') {
        if (result?.task?.taskId) setFreshTask(result.task.taskId);
        api.tasks().then(setTasks, () => undefined);
      }
      if (automation.name === 'update_profile') void account.load();
    });
    const offCompleted = socket.on('message.completed', () => loadLists());
    const offState = socket.onConnection(setConnection);
    return () => {
      detach();
      offCompleted();
      offState();
    };
  }, [api, socket, state, account, loadLists]);

  // After a reconnect every reply that was streaming picks up where it stopped (`resume` by seq).
  useEffect(
    () => socket.onReconnect(() => state.streamingReplies().forEach((r) => void socket.resume(r.messageId, r.afterSeq))),
    [socket, state],
  );

  // History of the open conversation; again after a reconnect.
  useEffect(() => {
    if (!conversationId) return undefined;
    void state.load(api, conversationId);
    return socket.onReconnect(() => {
      void state.load(api, conversationId);
      loadLists();
    });
  }, [api, socket, state, conversationId, loadLists]);

  const replying = state.isReplying(current);
  const online = connection === 'online';

  const send = async (text: string) => {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > MAX_LENGTH) return;
    const clientMessageId = crypto.randomUUID();
    state.addUser(current, clientMessageId, trimmed);
    setDraft('');
    const ack = await socket.send({ text: trimmed, clientMessageId, ...(conversationId ? { conversationId } : {}) });
    if ('error' in ack) {
      state.failed(current, clientMessageId, ack.error.message);
      return;
    }
    state.acknowledged(current, clientMessageId, ack.conversationId, ack.messageId);
    if (!conversationId) navigate(`${ROUTES.chat}/${ack.conversationId}`, { replace: true });
  };

  const stop = () => {
    const messageId = state.streamingReply(current);
    if (messageId) void socket.stop(messageId);
  };

  const regenerate = async (messageId: string) => {
    if (!conversationId) return;
    const ack = await socket.regenerate({ conversationId, messageId, clientMessageId: crypto.randomUUID() });
    if ('error' in ack) return notices.show({ kind: 'error', title: 'Could not regenerate the reply', body: ack.error.message }, 8_000);
    state.regenerating(conversationId, ack.messageId);
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void send(draft);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Enter sends, Shift+Enter starts a new line (as in most chat apps).
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (online && !replying) void send(draft);
    }
  };

  const title = conversations?.find((c) => c.conversationId === conversationId)?.title;
  const openTasks = tasks?.filter((t) => t.status === 'open') ?? [];

  return (
    <div class="chat">
      <aside class="chat__side" aria-label="Conversations and tasks">
        <div class="chat__side-head">
          <h2 id="conversations-title">Conversations</h2>
          <Link
            class="button button--small"
            href={ROUTES.chat}
            onClick={() => window.setTimeout(() => composer.current?.focus(), 0)}
            aria-current={conversationId ? undefined : 'page'}
          >
            New
          </Link>
        </div>
        {listError && <p class="muted">{listError}</p>}
        <nav aria-labelledby="conversations-title">
          <ul class="conversations">
            {conversations?.map((c) => (
              <li key={c.conversationId}>
                <Link
                  href={`${ROUTES.chat}/${c.conversationId}`}
                  class="conversations__item"
                  aria-current={c.conversationId === conversationId ? 'page' : undefined}
                >
                  <span class="conversations__title">{c.title || 'Untitled conversation'}</span>
                  <span class="conversations__date">{formatDateTime(c.updatedAt, timeZone)}</span>
                </Link>
              </li>
            ))}
            {conversations?.length === 0 && <li class="muted">No conversations yet.</li>}
          </ul>
        </nav>
        <section class="tasks" aria-labelledby="tasks-title">
          <h2 id="tasks-title">Open tasks</h2>
          {tasks && openTasks.length === 0 && <p class="muted">Nothing to do. Ask the assistant to note something down.</p>}
          <ul aria-live="polite" data-testid="tasks">
            {openTasks.map((t) => (
              <li key={t.taskId} class={`tasks__item${t.taskId === freshTask ? ' tasks__item--fresh' : ''}`}>
                <span class="tasks__title">{t.title}</span>
                {t.dueAt && <span class="tasks__due">Due {formatDateTime(t.dueAt, timeZone)}</span>}
              </li>
            ))}
          </ul>
        </section>
      </aside>
      <section class="chat__main" aria-labelledby="page-title">
        <div class="chat__head">
          <h1 id="page-title" tabIndex={-1}>
            {conversationId ? title || 'Conversation' : 'New conversation'}
          </h1>
          {!online && (
            <p class="chat__offline" role="status">
              {connection === 'offline' ? 'Offline.' : 'Reconnecting…'} Messages can be sent again once the connection is back.
            </p>
          )}
        </div>
        {view.loadError && <Alert kind="error">{view.loadError}</Alert>}
        <Timeline items={view.items} loading={!view.loaded} onRegenerate={online ? (id) => void regenerate(id) : undefined} />
        <form class="composer" onSubmit={onSubmit}>
          <label for="composer" class="sr-only">
            Message the assistant
          </label>
          <textarea
            id="composer"
            ref={composer}
            rows={2}
            value={draft}
            maxLength={MAX_LENGTH}
            placeholder="Ask anything, e.g. “Remind me to call Ana tomorrow at 10”"
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            aria-describedby="composer-hint"
          />
          <p id="composer-hint" class="sr-only">
            Enter sends; Shift and Enter adds a line.
          </p>
          {replying && state.streamingReply(current) ? (
            <button type="button" class="button" onClick={stop} disabled={!online}>
              Stop
            </button>
          ) : (
            <button type="submit" class="button button--primary" disabled={!online || replying || !draft.trim()}>
              {replying ? 'Replying…' : 'Send'}
            </button>
          )}
        </form>
      </section>
    </div>
  );
}
