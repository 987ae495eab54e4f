import { useEffect, useRef } from 'preact/hooks';
import { AutomationCard } from '../../components/automation-card.js';
import { Citations } from './citations.js';
import type { Item } from './chat-state.js';

/**
 * The conversation as a log (role=log is polite by default). A reply being streamed is
 * aria-busy, so screen readers read it once, complete, instead of token by token.
 */
export function Timeline({
  items,
  loading,
  onRegenerate,
}: {
  items: readonly Item[];
  loading: boolean;
  onRegenerate?: ((messageId: string) => void) | undefined;
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = items[items.length - 1];
  const lastText = last && 'text' in last ? last.text.length : 0;
  // Only the latest reply can be asked for again, once it is no longer being written.
  const lastReply = [...items].reverse().find((i) => i.kind === 'assistant');
  const regenerable =
    lastReply?.kind === 'assistant' && !lastReply.streaming && !items.some((i) => i.kind === 'assistant' && i.streaming)
      ? lastReply.messageId
      : undefined;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }, [items.length, lastText]);

  return (
    <div class="timeline" role="log" aria-label="Conversation" aria-live="polite">
      {loading && <p class="muted">Loading conversation…</p>}
      {!loading && items.length === 0 && (
        <div class="timeline__empty">
          <p>Start with something you need done:</p>
          <ul>
            <li>“Create a task to send the March invoices by Friday”</li>
            <li>“Remind me to call the accountant tomorrow at 9”</li>
            <li>“I need to upload the signed contract (PDF)”</li>
          </ul>
        </div>
      )}
      {items.map((item) => {
        switch (item.kind) {
          case 'user':
            return (
              <div key={item.key} class={`bubble bubble--user${item.status === 'failed' ? ' bubble--failed' : ''}`}>
                <span class="sr-only">You said: </span>
                <p class="bubble__text">{item.text}</p>
                {item.status === 'sending' && <span class="bubble__meta">Sending…</span>}
                {item.status === 'failed' && <span class="bubble__meta bubble__meta--error">Not sent: {item.error}</span>}
              </div>
            );
          case 'assistant':
            return (
              <div key={item.key} class="reply" aria-busy={item.streaming ? 'true' : 'false'} data-testid="assistant-reply">
                <span class="sr-only">Assistant: </span>
                {item.automations.map((a) => (
                  <AutomationCard key={a.key} name={a.name} input={a.input} result={a.result} />
                ))}
                {(item.text || item.streaming || item.stopped) && (
                  <div class="bubble bubble--assistant">
                    <p class="bubble__text">
                      {item.text}
                      {item.streaming && <span class="cursor" aria-hidden="true" />}
                    </p>
                    {item.stopped && (
                      <span class="bubble__meta" data-testid="reply-stopped">
                        Stopped
                      </span>
                    )}
                    {item.citations && <Citations citations={item.citations} />}
                  </div>
                )}
                {onRegenerate && item.messageId === regenerable && (
                  <button
                    type="button"
                    class="button button--small button--quiet reply__regenerate"
                    onClick={() => onRegenerate(item.messageId)}
                  >
                    Regenerate
                  </button>
                )}
              </div>
            );
          case 'tool':
            return (
              <div key={item.key} class="automation automation--info automation--history">
                <span class="automation__icon" aria-hidden="true">
                  ⚙
                </span>
                <p class="automation__body">{item.text}</p>
              </div>
            );
          case 'error':
            return (
              <p key={item.key} class="timeline__error" role="alert">
                {item.text}
              </p>
            );
          default:
            return null;
        }
      })}
      <div ref={end} />
    </div>
  );
}
