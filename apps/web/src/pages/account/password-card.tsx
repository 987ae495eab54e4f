import { useState } from 'preact/hooks';
import type { AccountApi } from '../../api/account-api.js';
import { describeError } from '../../api/problem.js';
import { Alert, NewPasswordField, TextField } from '../../components/field.js';

/** Change the password: the current one is required, and every other device is signed out. */
export function PasswordCard({ api, onChanged }: { api: AccountApi; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'error' | 'success'; text: string }>();
  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(undefined);
    api.changePassword(current, next).then(
      () => {
        setBusy(false);
        setCurrent('');
        setNext('');
        setResult({ kind: 'success', text: 'Password changed. Your other devices were signed out.' });
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setResult({ kind: 'error', text: describeError(e) });
      },
    );
  };
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {result && <Alert kind={result.kind}>{result.text}</Alert>}
      <form onSubmit={submit}>
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
        <NewPasswordField id="new-password" label="New password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
