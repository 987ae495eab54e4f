import { useEffect, useState } from 'preact/hooks';
import type { AccountApi, AccountSession } from '../../api/account-api.js';
import { describeError } from '../../api/problem.js';
import { Alert } from '../../components/field.js';
import { formatDateTime } from '../../lib/format.js';

/** A readable device name from a user agent: browser on system, nothing more. */
function device(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${system}`;
}

/** The devices signed in to the account, with a way to sign any other one out. */
export function SessionsCard({ api, version }: { api: AccountApi; version: number }) {
  const [sessions, setSessions] = useState<AccountSession[]>();
  const [error, setError] = useState<string>();
  const load = () => api.sessions().then(setSessions, (e: unknown) => setError(describeError(e)));
  useEffect(() => void load(), [version]);
  const revoke = (sessionId: string) => {
    setError(undefined);
    api.revokeSession(sessionId).then(load, (e: unknown) => setError(describeError(e)));
  };
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you're signed in</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!sessions ? (
        <p role="status">Loading…</p>
      ) : (
        <ul class="sessions">
          {sessions.map((s) => (
            <li key={s.sessionId} class="sessions__item">
              <div>
                <strong>{device(s.userAgent)}</strong>
                {s.current && <span class="badge"> This device</span>}
                <p class="field__hint">
                  Signed in {formatDateTime(s.createdAt)} · last active {formatDateTime(s.lastUsedAt)}
                </p>
              </div>
              {!s.current && (
                <button
                  type="button"
                  class="button button--quiet"
                  onClick={() => revoke(s.sessionId)}
                  aria-label={`Sign out ${device(s.userAgent)} (signed in ${formatDateTime(s.createdAt)})`}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
