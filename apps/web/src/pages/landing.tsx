import { useState } from 'preact/hooks';
import { describeError } from '../api/problem.js';
import { startSignIn } from '../auth/oidc.js';
import { Alert } from '../components/field.js';

const FEATURES = [
  { title: 'An assistant that acts', body: 'Ask in plain words: it creates tasks, sets reminders and hands out upload links.' },
  { title: 'Your files, in one place', body: 'Drop files in, download them anywhere; storage grows with your plan.' },
  { title: 'Plans that fit', body: 'Start free, upgrade when you need more. Changes show up instantly.' },
];

/** Signed out: what TaskSensei is, and the two ways in (both through the identity provider). */
export function LandingPage() {
  const [busy, setBusy] = useState<'signin' | 'signup' | undefined>();
  const [error, setError] = useState<string>();
  const go = (which: 'signin' | 'signup') => {
    setBusy(which);
    setError(undefined);
    startSignIn({ returnTo: window.location.pathname + window.location.search, signUp: which === 'signup' }).catch((e: unknown) => {
      setBusy(undefined);
      setError(describeError(e));
    });
  };
  return (
    <main id="main" class="landing">
      <section class="landing__hero">
        <p class="brand brand--large">
          <span class="brand__mark" aria-hidden="true">
            ✦
          </span>
          TaskSensei
        </p>
        <h1 id="page-title" tabIndex={-1}>
          Hand off the busywork.
        </h1>
        <p class="landing__lead">Tasks, reminders, files and billing for your small business, run by an assistant that remembers.</p>
        {error && <Alert kind="error">{error}</Alert>}
        <div class="landing__actions">
          <button type="button" class="button button--primary button--large" onClick={() => go('signin')} disabled={busy !== undefined}>
            {busy === 'signin' ? 'Opening sign-in…' : 'Sign in'}
          </button>
          <button type="button" class="button button--large" onClick={() => go('signup')} disabled={busy !== undefined}>
            {busy === 'signup' ? 'Opening sign-up…' : 'Create account'}
          </button>
        </div>
        <p class="landing__note">Sign-in happens on TaskSensei's secure sign-in page; your password never passes through this app.</p>
      </section>
      <ul class="landing__features">
        {FEATURES.map((f) => (
          <li key={f.title} class="card">
            <h2>{f.title}</h2>
            <p>{f.body}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
