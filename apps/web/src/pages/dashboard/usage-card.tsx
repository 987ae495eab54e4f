import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api/problem.js';
import type { Profile } from '../../api/types.js';
import { BarChart, UsageMeter, type Bar } from '../../components/charts.js';
import { formatBytes } from '../../lib/format.js';
import { useStore } from '../../lib/store.js';
import { useServices } from '../../services.js';

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

const DAY = 86_400_000;
/** Conversations read for the weekly count; older activity is outside the chart anyway. */
const MAX_CONVERSATIONS = 20;

function lastSevenDays(): { start: number; bars: Bar[]; keys: string[] } {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
  const keys: string[] = [];
  const bars: Bar[] = [];
  for (let i = 6; i >= 0; i -= 1) {
    const day = new Date(today.getTime() - i * DAY);
    keys.push(day.toDateString());
    bars.push({ label: i === 0 ? 'Today' : weekday.format(day), value: 0 });
  }
  return { start: today.getTime() - 6 * DAY, bars, keys };
}

export function UsageCard({ profile }: { profile: Profile }) {
  const { api, account, socket } = useServices();
  useStore(account.store);
  const plan = account.planOf(profile.membership.tier);
  const [messages, setMessages] = useState<Loaded<Bar[]>>({ state: 'loading' });
  const [storage, setStorage] = useState<Loaded<number>>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    const load = () => {
      api.files().then(
        (files) => live && setStorage({ state: 'ready', value: files.reduce((sum, f) => sum + f.size, 0) }),
        (e: unknown) => live && setStorage({ state: 'error', message: describeError(e) }),
      );
      const week = lastSevenDays();
      api
        .conversations()
        .then(async (conversations) => {
          const recent = conversations.filter((c) => Date.parse(c.updatedAt) >= week.start).slice(0, MAX_CONVERSATIONS);
          const lists = await Promise.all(recent.map((c) => api.messages(c.conversationId)));
          for (const message of lists.flat()) {
            if (message.role !== 'user') continue;
            const index = week.keys.indexOf(new Date(message.createdAt).toDateString());
            if (index >= 0) week.bars[index] = { ...week.bars[index]!, value: week.bars[index]!.value + 1 };
          }
          if (live) setMessages({ state: 'ready', value: week.bars });
        })
        .catch((e: unknown) => live && setMessages({ state: 'error', message: describeError(e) }));
    };
    load();
    const off = socket.on('message.completed', load);
    return () => {
      live = false;
      off();
    };
  }, [api, socket]);

  const total = messages.state === 'ready' ? messages.value.reduce((sum, b) => sum + b.value, 0) : 0;
  return (
    <section class="card card--usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <div class="usage">
        <div class="usage__part">
          {messages.state === 'loading' && <p class="muted">Counting messages…</p>}
          {messages.state === 'error' && <p class="muted">Message counts are not available right now. {messages.message}</p>}
          {messages.state === 'ready' && (
            <>
              <BarChart
                title={`Messages this week: ${total}`}
                bars={messages.value}
                unit="messages"
                {...(plan ? { limit: plan.limits.messagesPerDay } : {})}
              />
              {plan && <p class="chart__note">Dashed line: your daily allowance ({plan.limits.messagesPerDay}).</p>}
            </>
          )}
        </div>
        <div class="usage__part">
          {storage.state === 'loading' && <p class="muted">Measuring storage…</p>}
          {storage.state === 'error' && <p class="muted">Storage use is not available right now. {storage.message}</p>}
          {storage.state === 'ready' && plan && (
            <UsageMeter
              id="storage-meter"
              label="Storage used"
              used={storage.value}
              limit={plan.limits.storageQuotaBytes}
              format={formatBytes}
            />
          )}
        </div>
      </div>
    </section>
  );
}
