import { useStore } from '../lib/store.js';
import { ClockIcon } from './icons.js';
import { useServices } from '../services.js';

const ICONS = { reminder: <ClockIcon />, success: '✓', info: 'ℹ', error: '!' } as const;

/** Reminders and notices, top right; each stays until dismissed (or times out if it said so). */
export function Toasts() {
  const { notices } = useServices();
  const all = useStore(notices.store);
  return (
    <section class="toasts" aria-label="Notifications">
      <div aria-live="polite" aria-relevant="additions">
        {all.map((notice) => (
          <div
            key={notice.id}
            class={`toast toast--${notice.kind}`}
            role={notice.kind === 'error' || notice.kind === 'reminder' ? 'alert' : 'status'}
          >
            <span class="toast__icon" aria-hidden="true">
              {ICONS[notice.kind]}
            </span>
            <div class="toast__text">
              <p class="toast__title">{notice.title}</p>
              {notice.body && <p class="toast__body">{notice.body}</p>}
            </div>
            <button type="button" class="toast__close" aria-label={`Dismiss: ${notice.title}`} onClick={() => notices.dismiss(notice.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}
