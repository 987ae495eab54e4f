import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/problem.js';
import { completeSignIn, startSignIn } from '../auth/oidc.js';
import { Alert } from '../components/field.js';
import { navigate } from '../lib/router.js';
import { useServices } from '../services.js';

let exchange: Promise<string> | undefined;

/** `/callback?code&state`: the code is exchanged once (a code is single-use), then on to the app. */
export function CallbackPage() {
  const { session } = useServices();
  const [error, setError] = useState<string>();
  useEffect(() => {
    exchange ??= completeSignIn(window.location.search, session);
    exchange.then(
      (returnTo) => {
        exchange = undefined;
        navigate(returnTo, { replace: true });
      },
      (e: unknown) => {
        exchange = undefined;
        // The code and state must not stay in the address bar or history.
        window.history.replaceState(null, '', '/callback');
        setError(describeError(e));
      },
    );
  }, [session]);
  return (
    <main id="main" class="landing">
      <section class="landing__hero">
        {error ? (
          <>
            <h1 id="page-title" tabIndex={-1}>
              Sign-in did not finish
            </h1>
            <Alert kind="error">{error}</Alert>
            <div class="landing__actions">
              <button type="button" class="button button--primary" onClick={() => void startSignIn()}>
                Sign in again
              </button>
              <a class="button" href="/">
                Back to start
              </a>
            </div>
          </>
        ) : (
          <div class="splash" role="status">
            <span class="spinner" aria-hidden="true" />
            Signing you in…
          </div>
        )}
      </section>
    </main>
  );
}
