import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { UploadTicket } from '../api/types.js';
import { formatBytes, formatDateTime } from '../lib/format.js';
import { ClockIcon, UploadIcon } from './icons.js';
import { uploadFile } from '../lib/upload.js';
import { useServices } from '../services.js';

type Result = Readonly<Record<string, unknown>>;

const record = (value: unknown): Result => (typeof value === 'object' && value !== null ? (value as Result) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

interface CardProps {
  readonly name: string;
  readonly input: unknown;
  readonly result: unknown;
}

/** What the assistant did, as a card in the conversation: a task, a reminder, a link... */
export function AutomationCard({ name, input, result }: CardProps) {
  const { account } = useServices();
  const timeZone = account.store.value.profile?.timezone;
  const r = record(result);
  if (r.ok === false) {
    return (
      <Card kind="warning" icon="!" title={`Could not ${HUMAN[name] ?? name.replace(/_/g, ' ')}`}>
        <p>{text(r.message) ?? 'The automation did not run.'}</p>
      </Card>
    );
  }
  switch (name) {
    case 'create_task':
    case 'complete_task': {
      const task = record(r.task);
      const due = text(task.dueAt);
      return (
        <Card kind="task" icon={name === 'create_task' ? '✓' : '☑'} title={name === 'create_task' ? 'Task created' : 'Task completed'}>
          <p class="automation__main">{text(task.title) ?? ''}</p>
          {due && <p class="automation__meta">Due {formatDateTime(due, timeZone)}</p>}
        </Card>
      );
    }
    case 'schedule_reminder': {
      const reminder = record(r.reminder);
      return (
        <Card kind="reminder" icon={<ClockIcon />} title="Reminder set">
          <p class="automation__main">{text(reminder.title) ?? ''}</p>
          {text(reminder.dueAt) && <p class="automation__meta">{formatDateTime(text(reminder.dueAt), timeZone)}</p>}
        </Card>
      );
    }
    case 'request_upload_link':
      return <UploadLinkCard result={r} />;
    case 'start_upgrade':
      return (
        <Card kind="upgrade" icon="★" title="Checkout ready">
          <p class="automation__main">Upgrade to {text(r.planId) ?? 'a paid plan'}</p>
          {text(r.url) && (
            <a class="button button--primary button--small" href={text(r.url)} target="_blank" rel="noopener">
              Open checkout<span class="sr-only"> (opens in a new tab)</span>
            </a>
          )}
        </Card>
      );
    case 'update_profile':
      return (
        <Card kind="info" icon="✎" title="Profile updated">
          <p class="automation__meta">{describeInput(input)}</p>
        </Card>
      );
    default:
      return <Card kind="info" icon="⚙" title={HUMAN[name] ? capitalise(HUMAN[name]) : name.replace(/_/g, ' ')} />;
  }
}

const HUMAN: Record<string, string> = {
  create_task: 'create the task',
  complete_task: 'complete the task',
  schedule_reminder: 'set the reminder',
  request_upload_link: 'prepare the upload link',
  start_upgrade: 'start the upgrade',
  update_profile: 'update the profile',
  list_tasks: 'looked up your tasks',
  search_memory: 'searched earlier conversations',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describeInput(input: unknown): string {
  return Object.entries(record(input))
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

function Card({ kind, icon, title, children }: { kind: string; icon: ComponentChildren; title: string; children?: ComponentChildren }) {
  return (
    <div class={`automation automation--${kind}`}>
      <span class="automation__icon" aria-hidden="true">
        {icon}
      </span>
      <div class="automation__body">
        <p class="automation__title">{title}</p>
        {children}
      </div>
    </div>
  );
}

/**
 * The link the assistant handed out is a presigned PUT: the card uploads a chosen file to it. When
 * the size was not known (no link, only the Files page), the card asks for a link itself once the
 * file is chosen, with the size the browser knows.
 */
function UploadLinkCard({ result }: { result: Result }) {
  const { api } = useServices();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ phase: 'idle' | 'uploading' | 'done' | 'failed'; loaded: number; message?: string }>({
    phase: 'idle',
    loaded: 0,
  });
  const filename = text(result.filename) ?? 'file';
  const size = typeof result.size === 'number' ? result.size : undefined;
  const expiresAt = text(result.expiresAt);
  const ticket: UploadTicket | undefined =
    text(result.url) && text(result.fileId)
      ? {
          fileId: text(result.fileId)!,
          key: text(result.key) ?? '',
          url: text(result.url)!,
          method: 'PUT',
          headers: record(result.headers) as Record<string, string>,
          expiresAt: expiresAt ?? '',
          ...(typeof result.multipart === 'object' && result.multipart
            ? { multipart: result.multipart as NonNullable<UploadTicket['multipart']> }
            : {}),
        }
      : undefined;

  const unsized = !ticket && text(result.uploadPage) !== undefined;
  const upload = async (file: File) => {
    if (!ticket && !unsized) return;
    if (size !== undefined && file.size !== size) {
      setState({
        phase: 'failed',
        loaded: 0,
        message: `This link is for a file of ${formatBytes(size)}; the chosen one is ${formatBytes(file.size)}.`,
      });
      return;
    }
    setState({ phase: 'uploading', loaded: 0 });
    try {
      await uploadFile(api, file, (loaded) => setState({ phase: 'uploading', loaded }), new AbortController().signal, ticket);
      setState({ phase: 'done', loaded: file.size });
    } catch (e) {
      setState({ phase: 'failed', loaded: 0, message: (e as Error).message });
    }
  };

  return (
    <Card kind="link" icon={<UploadIcon />} title="Upload link ready">
      <p class="automation__main">
        {filename}
        {size !== undefined && ` · ${formatBytes(size)}`}
      </p>
      {expiresAt && <p class="automation__meta">Valid until {formatDateTime(expiresAt)}</p>}
      {(ticket ?? unsized) && state.phase !== 'done' && (
        <>
          <button type="button" class="button button--small" onClick={() => input.current?.click()} disabled={state.phase === 'uploading'}>
            {state.phase === 'uploading' ? 'Uploading…' : 'Choose the file to upload'}
          </button>
          <input
            ref={input}
            type="file"
            class="sr-only"
            tabIndex={-1}
            aria-label={`File to upload as ${filename}`}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
        </>
      )}
      {state.phase === 'uploading' && size !== undefined && (
        <progress max={size} value={state.loaded} aria-label={`Upload of ${filename}`} />
      )}
      {state.phase === 'done' && (
        <p class="automation__meta" role="status">
          Uploaded. It is in your files.
        </p>
      )}
      {state.phase === 'failed' && (
        <p class="automation__error" role="alert">
          {state.message}
        </p>
      )}
    </Card>
  );
}
