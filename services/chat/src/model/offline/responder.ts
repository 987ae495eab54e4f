import { formatLocal } from '../../automations/automation.js';

export interface ToolOutcome {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly result: Record<string, unknown>;
}

type TaskView = { title: string; status?: string; dueAt?: string };

/** The offline model's words after its tools ran: what was done, from the results themselves. */
export function describeOutcomes(outcomes: readonly ToolOutcome[], timezone: string): string {
  return outcomes.map((o) => describe(o, timezone)).join('\n\n');
}

function describe({ name, args, result }: ToolOutcome, timezone: string): string {
  if (result.ok !== true) return failureText(name, result);
  switch (name) {
    case 'create_task': {
      const task = result.task as TaskView;
      return `Added "${task.title}" to your tasks${task.dueAt ? `, due ${formatLocal(task.dueAt, timezone)}` : ''}.`;
    }
    case 'list_tasks': {
      const tasks = (result.tasks as TaskView[] | undefined) ?? [];
      const which = result.status === 'done' ? 'completed' : result.status === 'all' ? '' : 'open';
      if (tasks.length === 0) return `You have no ${which ? `${which} ` : ''}tasks.`;
      const lines = tasks.map(
        (t) =>
          `- ${t.title}${t.status === 'done' && result.status === 'all' ? ' (done)' : ''}${t.dueAt && t.status !== 'done' ? `, due ${formatLocal(t.dueAt, timezone)}` : ''}`,
      );
      const more = typeof result.total === 'number' && result.total > tasks.length ? `\n(and ${result.total - tasks.length} more)` : '';
      return `Your ${which ? `${which} ` : ''}tasks:\n${lines.join('\n')}${more}`;
    }
    case 'complete_task':
      return `Marked "${(result.task as TaskView).title}" as done.`;
    case 'schedule_reminder': {
      const reminder = result.reminder as TaskView;
      return `I'll remind you to ${reminder.title} on ${formatLocal(reminder.dueAt!, timezone)}.`;
    }
    case 'start_upgrade':
      return `Here is your checkout link for the ${String(result.planId)} plan: ${String(result.url)}`;
    case 'update_profile': {
      const changed = Object.entries(args).map(
        ([field, value]) =>
          `${field === 'displayName' ? 'display name' : field === 'timezone' ? 'time zone' : field} is now ${String(value)}`,
      );
      return `Done: your ${changed.join(', your ')}.`;
    }
    case 'search_memory': {
      const results = (result.results as { text: string; role: string }[] | undefined) ?? [];
      if (results.length === 0) return `I found nothing about "${String(args.query)}" in what you told me.`;
      return `Here is what I found about "${String(args.query)}":\n${results.map((r) => `- ${r.role === 'user' ? 'you said' : 'I said'}: ${r.text}`).join('\n')}`;
    }
    case 'forget_memory': {
      const count = Number(result.forgotten ?? 0);
      return count === 0
        ? `I had nothing remembered about "${String(args.query)}".`
        : `Done: I've forgotten ${count === 1 ? 'the message' : `${count} messages`} about "${String(args.query)}".`;
    }
    case 'request_upload_link': {
      if (!result.url)
        return `Upload ${String(result.filename)} from the Files page: ${String(result.uploadPage)} (it reads the size from the file you pick).`;
      return uploadLinkText(result, timezone);
    }
    default:
      return `${name} ran.`;
  }
}

function failureText(name: string, result: Record<string, unknown>): string {
  const message = String(result.message ?? 'it did not work');
  switch (result.error) {
    case 'no_match': {
      const open = (result.openTasks as string[] | undefined) ?? [];
      return `${message}${open.length ? ` Your open tasks: ${open.map((t) => `"${t}"`).join(', ')}.` : ' You have no open tasks.'}`;
    }
    case 'ambiguous':
      return `${message} Which one: ${((result.candidates as string[] | undefined) ?? []).map((t) => `"${t}"`).join(' or ')}?`;
    case 'not_in_plan':
      return `${message} Say "upgrade to pro" to get it.`;
    default:
      return `I couldn't do that (${name}): ${message}`;
  }
}

function uploadLinkText(result: Record<string, unknown>, timezone: string): string {
  const headers = Object.entries((result.headers as Record<string, string> | undefined) ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const multipart = result.multipart as { partCount: number } | undefined;
  return (
    `Here is your upload link for ${String(result.filename)}${result.expiresAt ? ` (valid until ${formatLocal(String(result.expiresAt), timezone)})` : ''}: ${String(result.url)}\n` +
    `Upload with ${String(result.method ?? 'PUT')}${headers ? ` and these headers: ${headers}` : ''}.` +
    (multipart
      ? ` The file is large, so it goes up in ${multipart.partCount} parts; this link is for part 1 and the files page handles the rest.`
      : '')
  );
}
