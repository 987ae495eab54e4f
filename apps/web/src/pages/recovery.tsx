import { useState } from 'preact/hooks';
import { AccountApi } from '../api/account-api.js';
import { describeError } from '../api/problem.js';
import { startSignIn } from '../auth/oidc.js';
import { Alert, NewPasswordField, TextField } from '../components/field.js';
import { useServices } from '../services.js';

const tokenFromUrl = () => new URLSearchParams(window.location.search).get('token') ?? '';

function PublicCard({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <main id="main" class="landing">
      <section class="card recovery">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}

function SignInButton() {
  return (
    <button type="button" class="button button--primary" onClick={() => void startSignIn({ returnTo: '/' })}>
      Sign in
    </button>
  );
}

/** `/forgot-password`: asks for the address; the answer never says whether an account exists. */
export function ForgotPasswordPage() {
  const account = new AccountApi(useServices().api);
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    setState('sending');
    setError(undefined);
    account.forgotPassword(email.trim()).then(
      () => setState('sent'),
      (e: unknown) => {
        setState('idle');
        setError(describeError(e));
      },
    );
  };
  return (
    <PublicCard title="Forgot your password?">
      {state === 'sent' ? (
        <Alert kind="success">
          If an account uses {email.trim()}, a link to choose a new password is on its way. It works once, for 30 minutes.
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <p>Enter the email address of your account and we will mail you a link to choose a new password.</p>
          {error && <Alert kind="error">{error}</Alert>}
          <TextField
            id="forgot-email"
            label="Email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <button type="submit" class="button button--primary" disabled={state === 'sending'}>
            {state === 'sending' ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
    </PublicCard>
  );
}

/** `/reset-password?token=…`: the link from the mail; a new password signs every device out. */
export function ResetPasswordPage() {
  const account = new AccountApi(useServices().api);
  const [token] = useState(tokenFromUrl);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<'idle' | 'saving' | 'done'>('idle');
  const [error, setError] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    if (password !== confirm) {
      setError('The two passwords are not the same.');
      return;
    }
    setState('saving');
    setError(undefined);
    account.resetPassword(token, password).then(
      () => setState('done'),
      (e: unknown) => {
        setState('idle');
        setError(describeError(e));
      },
    );
  };
  if (state === 'done') {
    return (
      <PublicCard title="Password changed">
        <Alert kind="success">Your new password is set and every device was signed out. Sign in with the new password.</Alert>
        <SignInButton />
      </PublicCard>
    );
  }
  return (
    <PublicCard title="Choose a new password">
      {!token && <Alert kind="error">This page needs the link from the reset mail.</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <form onSubmit={submit}>
        <NewPasswordField id="reset-password" label="New password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <TextField
          id="reset-confirm"
          label="New password again"
          type="password"
          required
          autoComplete="new-password"
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
        <button type="submit" class="button button--primary" disabled={state === 'saving' || !token}>
          {state === 'saving' ? 'Saving…' : 'Set the new password'}
        </button>
      </form>
    </PublicCard>
  );
}

/** `/verify-email?token=…`: a button, not an automatic request, so a mail scanner opening the link spends nothing. */
export function VerifyEmailPage() {
  const account = new AccountApi(useServices().api);
  const [token] = useState(tokenFromUrl);
  const [state, setState] = useState<'idle' | 'sending' | 'done'>('idle');
  const [error, setError] = useState<string>();
  const confirm = () => {
    setState('sending');
    setError(undefined);
    account.verifyEmail(token).then(
      () => setState('done'),
      (e: unknown) => {
        setState('idle');
        setError(describeError(e));
      },
    );
  };
  return (
    <PublicCard title="Confirm your email address">
      {state === 'done' ? (
        <>
          <Alert kind="success">Your email address is confirmed.</Alert>
          <a class="button" href="/">
            Go to TaskSensei
          </a>
        </>
      ) : (
        <>
          {error && <Alert kind="error">{error}</Alert>}
          <p>Confirming proves this address is yours; then you can link a Google or other sign-in to your account.</p>
          <button type="button" class="button button--primary" onClick={confirm} disabled={state === 'sending' || !token}>
            {state === 'sending' ? 'Confirming…' : 'Confirm my address'}
          </button>
        </>
      )}
    </PublicCard>
  );
}
