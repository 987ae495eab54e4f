import { useEffect, useState } from 'preact/hooks';
import { AccountApi, type SecurityStatus } from '../api/account-api.js';
import { describeError } from '../api/problem.js';
import { Alert } from '../components/field.js';
import { useServices } from '../services.js';
import { PasswordCard } from './account/password-card.js';
import { SessionsCard } from './account/sessions-card.js';
import { TwoFactorCard } from './account/two-factor-card.js';

/** `/account`: the account's security: email, password, two-factor sign-in, devices. */
export function AccountPage() {
  const api = new AccountApi(useServices().api);
  const [status, setStatus] = useState<SecurityStatus>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [version, setVersion] = useState(0);
  const reload = () => {
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    api.security().then(setStatus, (e: unknown) => setError(describeError(e)));
  }, [version]);
  const resend = () =>
    api.resendVerification().then(
      () => setNotice('A new confirmation link is on its way.'),
      (e: unknown) => setError(describeError(e)),
    );

  return (
    <div class="account-page">
      <h1 id="page-title" tabIndex={-1}>
        Account and security
      </h1>
      {error && <Alert kind="error">{error}</Alert>}
      {status && (
        <>
          <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">Email</h2>
            <p>
              {status.email} · {status.emailVerified ? <strong>confirmed</strong> : <strong>not confirmed yet</strong>}
            </p>
            {!status.emailVerified && (
              <>
                <p>Until it is confirmed, no Google or other sign-in can be linked to this account.</p>
                {notice ? (
                  <Alert kind="success">{notice}</Alert>
                ) : (
                  <button type="button" class="button" onClick={() => void resend()}>
                    Send the confirmation link again
                  </button>
                )}
              </>
            )}
          </section>
          {status.hasPassword && <PasswordCard api={api} onChanged={reload} />}
          <TwoFactorCard api={api} status={status} onChanged={reload} />
        </>
      )}
      <SessionsCard api={api} version={version} />
    </div>
  );
}
