import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/problem.js';
import type { Memory } from '../api/types.js';
import { Alert } from '../components/field.js';
import { formatDateTime } from '../lib/format.js';
import { Link, ROUTES } from '../lib/router.js';
import { useServices } from '../services.js';

/**
 * What the assistant remembers (`GET /memories`, newest first, a page at a time): each memory
 * can be forgotten, or all of them at once after a confirmation.
 */
export function MemoriesPage() {
  const { api, account, notices } = useServices();
  const [items, setItems] = useState<readonly Memory[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const timeZone = account.store.value.profile?.timezone;

  const load = useCallback(
    (cursor?: string) => {
      setBusy(true);
      api
        .memories(cursor)
        .then(
          (page) => {
            setItems((shown) => (cursor ? [...(shown ?? []), ...page.items] : page.items));
            setNext(page.next);
            setError(undefined);
          },
          (e: unknown) => setError(describeError(e)),
        )
        .finally(() => setBusy(false));
    },
    [api],
  );
  useEffect(() => load(), [load]);

  const forget = async (memory: Memory) => {
    try {
      await api.forgetMemory(memory.memoryId);
      setItems((shown) => shown?.filter((m) => m.memoryId !== memory.memoryId));
      notices.show({ kind: 'success', title: 'Forgotten', body: 'The assistant will not recall that any more.' }, 5_000);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const forgetAll = async () => {
    setConfirming(false);
    try {
      await api.forgetAllMemories();
      setItems([]);
      setNext(undefined);
      notices.show(
        { kind: 'success', title: 'Memory cleared', body: 'The assistant remembers nothing from earlier conversations.' },
        5_000,
      );
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section class="memories" aria-labelledby="page-title">
      <div class="memories__head">
        <h1 id="page-title" tabIndex={-1}>
          Memory
        </h1>
        {items && items.length > 0 && !confirming && (
          <button type="button" class="button button--quiet" onClick={() => setConfirming(true)}>
            Forget everything
          </button>
        )}
      </div>
      <p class="muted">
        What the assistant remembers from your conversations and may recall in later ones. Deleting a conversation also forgets what was
        said in it. Upload and checkout links are never remembered.
      </p>
      {confirming && (
        <div class="memories__confirm" role="alertdialog" aria-labelledby="confirm-title">
          <p id="confirm-title">Forget everything the assistant remembers? This cannot be undone.</p>
          <button type="button" class="button button--primary" onClick={() => void forgetAll()}>
            Yes, forget everything
          </button>
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      {!items && !error && <p class="muted">Loading…</p>}
      {items?.length === 0 && <p class="muted">The assistant remembers nothing yet.</p>}
      <ul class="memories__list" data-testid="memories" aria-live="polite">
        {items?.map((m) => (
          <li key={m.memoryId} class="memories__item">
            <p class="memories__text">{m.text}</p>
            <span class="memories__meta">
              {formatDateTime(m.createdAt, timeZone)}
              {m.conversationId && (
                <>
                  {' · '}
                  <Link href={`${ROUTES.chat}/${m.conversationId}`}>conversation</Link>
                </>
              )}
            </span>
            <button
              type="button"
              class="button button--small button--quiet"
              onClick={() => void forget(m)}
              aria-label={`Forget “${m.text.slice(0, 60)}”`}
            >
              Forget
            </button>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" class="button" onClick={() => load(next)} disabled={busy}>
          {busy ? 'Loading…' : 'Show older'}
        </button>
      )}
    </section>
  );
}
