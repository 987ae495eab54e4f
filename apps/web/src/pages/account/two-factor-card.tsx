import { useState } from 'preact/hooks';
import type { AccountApi, SecurityStatus } from '../../api/account-api.js';
import { describeError } from '../../api/problem.js';
import { Alert, TextField } from '../../components/field.js';
import { QrCode } from '../../components/qr-code.js';

type Step = { name: 'idle' } | { name: 'scan'; secret: string; otpauthUrl: string } | { name: 'codes'; recoveryCodes: string[] };

/** Two-factor sign-in: enrol an authenticator app from a QR code, keep the recovery codes, or turn it off. */
export function TwoFactorCard({ api, status, onChanged }: { api: AccountApi; status: SecurityStatus; onChanged: () => void }) {
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = <T,>(work: Promise<T>, then: (value: T) => void) => {
    setBusy(true);
    setError(undefined);
    work.then(
      (value) => {
        setBusy(false);
        setCode('');
        then(value);
      },
      (e: unknown) => {
        setBusy(false);
        setError(describeError(e));
      },
    );
  };

  return (
    <section class="card" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-factor sign-in</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {step.name === 'codes' ? (
        <>
          <Alert kind="success">Two-factor sign-in is on.</Alert>
          <p>Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone; they are not shown again.</p>
          <ul class="recovery-codes" aria-label="Recovery codes">
            {step.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" class="button" onClick={() => setStep({ name: 'idle' })}>
            I have saved them
          </button>
        </>
      ) : step.name === 'scan' ? (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            run(api.enableTotp(code.trim()), (r) => (setStep({ name: 'codes', recoveryCodes: r.recoveryCodes }), onChanged()))
          )}
        >
          <p>Scan this code with an authenticator app (Google Authenticator, 1Password, Aegis…), then enter the 6-digit code it shows.</p>
          <QrCode value={step.otpauthUrl} label="QR code to add TaskSensei to an authenticator app" />
          <p class="field__hint">
            Can't scan? Enter this key: <code data-testid="totp-secret">{step.secret}</code>
          </p>
          <TextField
            id="totp-code"
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Checking…' : 'Turn on two-factor sign-in'}
          </button>
        </form>
      ) : status.totpEnabled ? (
        <form onSubmit={(e) => (e.preventDefault(), run(api.disableTotp(code.trim()), onChanged))}>
          <p>
            On. Signing in asks for a code from your app after the password. Recovery codes left:{' '}
            <strong>{status.recoveryCodesLeft}</strong>.
          </p>
          <TextField
            id="totp-off-code"
            label="A current code (or a recovery code) to turn it off"
            autoComplete="one-time-code"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={busy}>
            Turn off
          </button>
        </form>
      ) : (
        <>
          <p>Off. With it on, signing in also asks for a code from an app on your phone.</p>
          <button
            type="button"
            class="button button--primary"
            disabled={busy}
            onClick={() => run(api.startTotp(), (r) => setStep({ name: 'scan', ...r }))}
          >
            Set up two-factor sign-in
          </button>
        </>
      )}
    </section>
  );
}
