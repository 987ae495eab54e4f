import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.js';
import type { ExportStatus } from '../../api/types.js';
import { Alert, TextField } from '../../components/field.js';
import { formatDateTime } from '../../lib/format.js';
import { useServices } from '../../services.js';

const POLL_MS = 1_500;
const POLL_LIMIT_MS = 5 * 60_000;

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'building'; readonly exportId: string }
  | { readonly kind: 'ready'; readonly url: string; readonly expiresAt?: string | undefined }
  | { readonly kind: 'failed'; readonly message: string };

/** Asks for an export and polls it until its link is there (or the page goes). */
function useExport() {
  const { api } = useServices();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const start = async () => {
    try {
      const { exportId } = await api.startExport();
      setState({ kind: 'building', exportId });
      const deadline = Date.now() + POLL_LIMIT_MS;
      while (alive.current && Date.now() < deadline) {
        const status: ExportStatus = await api.exportStatus(exportId);
        if (status.status === 'ready' && status.url) {
          if (alive.current) setState({ kind: 'ready', url: status.url, expiresAt: status.expiresAt });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (alive.current) setState({ kind: 'failed', message: 'The export is taking longer than usual. Try again in a few minutes.' });
    } catch (error) {
      if (alive.current) setState({ kind: 'failed', message: describeError(error) });
    }
  };
  return { state, start };
}

/**
 * The account's data as a whole (issue 14): download everything it holds, or delete it. Deletion
 * asks for the password again; an account without one (social sign-in) proves a recent sign-in
 * with its ID token instead.
 */
export function AccountDataCard() {
  const { api, session, account, notices } = useServices();
  const exporting = useExport();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string }>();
  const timeZone = account.store.value.profile?.timezone;

  const deleteAccount = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setDeleting(true);
    try {
      const idToken = session.idToken;
      await api.deleteAccount(password ? { password } : idToken ? { idToken } : {});
      notices.show(
        { kind: 'success', title: 'Your account is being deleted', body: 'Everything it held is being erased. You are signed out.' },
        15_000,
      );
      await fetch('/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
      session.signedOut(true);
    } catch (e) {
      const field = e instanceof ApiError ? e.fieldMessage('password') : undefined;
      setError(
        field
          ? { field: 'password', message: field === 'is not the account password' ? 'That is not your password.' : field }
          : { message: describeError(e) },
      );
      setDeleting(false);
    }
  };

  return (
    <section class="card" aria-labelledby="account-data-title">
      <h2 id="account-data-title">Your data</h2>

      <h3>Export</h3>
      <p class="muted">
        One zip file with your profile, files (with download links), conversations, tasks, reminders, memories and billing history.
      </p>
      {exporting.state.kind === 'ready' ? (
        <p role="status">
          <a class="button" href={exporting.state.url} download>
            Download your export
          </a>{' '}
          {exporting.state.expiresAt && (
            <span class="muted">
              Link valid until <time dateTime={exporting.state.expiresAt}>{formatDateTime(exporting.state.expiresAt, timeZone)}</time>
            </span>
          )}
        </p>
      ) : (
        <button type="button" class="button" onClick={() => void exporting.start()} disabled={exporting.state.kind === 'building'}>
          {exporting.state.kind === 'building' ? 'Preparing your export…' : 'Export my data'}
        </button>
      )}
      {exporting.state.kind === 'building' && (
        <p class="muted" role="status">
          Gathering everything your account holds. This page tells you when it is ready.
        </p>
      )}
      {exporting.state.kind === 'failed' && <Alert kind="error">{exporting.state.message}</Alert>}

      <h3>Delete account</h3>
      <p class="muted">
        Deleting your account cancels your subscription and erases your profile, files, conversations, tasks and memories from every part of
        TaskSensei. It cannot be undone.
      </p>
      {!confirming ? (
        <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={(e) => void deleteAccount(e)} noValidate>
          <TextField
            id="delete-password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            hint="Signed in with Google or another provider and have no password? Leave it empty: a sign-in within the last few minutes is enough."
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            error={error?.field === 'password' ? error.message : undefined}
          />
          {error && error.field === undefined && <Alert kind="error">{error.message}</Alert>}
          <div class="form__actions">
            <button type="submit" class="button button--danger" disabled={deleting}>
              {deleting ? 'Deleting…' : 'Delete my account permanently'}
            </button>
            <button type="button" class="button button--quiet" onClick={() => setConfirming(false)} disabled={deleting}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
