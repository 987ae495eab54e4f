import { useEffect, useRef, useState } from 'preact/hooks';
import { signOut } from './auth/oidc.js';
import type { SessionState } from './auth/session.js';
import { ConnectionBadge } from './components/connection-badge.js';
import { Toasts } from './components/toasts.js';
import { formatDateTime } from './lib/format.js';
import { Link, parseRoute, ROUTES, useLocation, type Route } from './lib/router.js';
import { useStore } from './lib/store.js';
import { AccountPage } from './pages/account.js';
import { CallbackPage } from './pages/callback.js';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from './pages/recovery.js';
import { ChatPage } from './pages/chat.js';
import { DashboardPage } from './pages/dashboard.js';
import { FilesPage } from './pages/files.js';
import { LandingPage } from './pages/landing.js';
import { MemoriesPage } from './pages/memories.js';
import { SettingsPage } from './pages/settings.js';
import { useServices } from './services.js';

function useSessionState(): SessionState {
  const { session } = useServices();
  const [state, setState] = useState(session.current);
  useEffect(() => {
    setState(session.current);
    return session.subscribe(setState);
  }, [session]);
  return state;
}

/** While signed in: the socket is open, the account loaded, and pushed events reach the UI. */
function useSignedInEffects(signedIn: boolean) {
  const { socket, account, notices } = useServices();
  useEffect(() => {
    if (!signedIn) return undefined;
    socket.connect();
    void account.load();
    const offMembership = socket.on('membership.updated', (update) => {
      const before = account.store.value.profile?.membership.tier;
      account.applyMembership(update);
      const plan = account.planOf(update.tier);
      if (before !== update.tier) {
        notices.show(
          {
            kind: 'success',
            title: `Your plan is now ${plan?.name ?? update.tier}`,
            body: `Membership ${update.status.replace('_', ' ')}.`,
          },
          8_000,
        );
      }
    });
    const offReminder = socket.on('reminder.due', (reminder) => {
      const timeZone = account.store.value.profile?.timezone;
      notices.show({
        id: `reminder-${reminder.taskId}-${reminder.dueAt}`,
        kind: 'reminder',
        title: `Reminder: ${reminder.title}`,
        body: `Due ${formatDateTime(reminder.dueAt, timeZone)}`,
      });
    });
    const offReconnect = socket.onReconnect(() => void account.load());
    return () => {
      offMembership();
      offReminder();
      offReconnect();
      socket.disconnect();
      account.clear();
    };
  }, [signedIn, socket, account, notices]);
}

const TITLES: Record<Route['name'], string> = {
  dashboard: 'Dashboard',
  callback: 'Signing in',
  files: 'Files',
  chat: 'Assistant',
  account: 'Account',
  'forgot-password': 'Forgot password',
  'reset-password': 'New password',
  'verify-email': 'Confirm email',
  memories: 'Memory',
  settings: 'Settings',
  'not-found': 'Page not found',
};

export function App() {
  const state = useSessionState();
  const { pathname } = useLocation();
  const route = parseRoute(pathname);
  useSignedInEffects(state === 'signed-in');

  useEffect(() => {
    document.title = state === 'signed-out' && route.name !== 'callback' ? 'TaskSensei' : `${TITLES[route.name]} · TaskSensei`;
  }, [route.name, state]);

  return (
    <>
      {route.name === 'callback' ? (
        <CallbackPage />
      ) : route.name === 'forgot-password' ? (
        <ForgotPasswordPage />
      ) : route.name === 'reset-password' ? (
        <ResetPasswordPage />
      ) : route.name === 'verify-email' ? (
        <VerifyEmailPage />
      ) : state === 'unknown' ? (
        <div class="splash" role="status">
          <span class="spinner" aria-hidden="true" />
          Loading TaskSensei…
        </div>
      ) : state === 'signed-out' ? (
        <LandingPage />
      ) : (
        <Shell route={route} />
      )}
      <Toasts />
    </>
  );
}

const NAV = [
  { name: 'dashboard', href: ROUTES.dashboard, label: 'Dashboard' },
  { name: 'files', href: ROUTES.files, label: 'Files' },
  { name: 'chat', href: ROUTES.chat, label: 'Assistant' },
  { name: 'account', href: ROUTES.account, label: 'Account' },
  { name: 'memories', href: ROUTES.memories, label: 'Memory' },
  { name: 'settings', href: ROUTES.settings, label: 'Settings' },
] as const;

function Shell({ route }: { route: Route }) {
  const { session, account } = useServices();
  const { profile } = useStore(account.store);
  const [signingOut, setSigningOut] = useState(false);

  // A new page moves focus to its heading, so screen readers and keyboards start there.
  const key = route.name === 'chat' ? `chat:${route.conversationId ?? ''}` : route.name;
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (shown.current !== undefined && shown.current !== key) document.getElementById('page-title')?.focus();
    shown.current = key;
  }, [key]);

  const onSignOut = () => {
    setSigningOut(true);
    void signOut(session).finally(() => setSigningOut(false));
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <Link class="brand" href={ROUTES.dashboard}>
          <span class="brand__mark" aria-hidden="true">
            ✦
          </span>
          TaskSensei
        </Link>
        <nav class="topnav" aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.name}>
                <Link href={item.href} aria-current={route.name === item.name ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="topbar__end">
          <ConnectionBadge />
          {profile && (
            <span class="topbar__user" title={profile.email}>
              {profile.displayName || profile.email}
            </span>
          )}
          <button type="button" class="button button--quiet" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        {route.name === 'dashboard' && <DashboardPage />}
        {route.name === 'files' && <FilesPage />}
        {route.name === 'chat' && <ChatPage conversationId={route.conversationId} />}
        {route.name === 'account' && <AccountPage />}
        {route.name === 'memories' && <MemoriesPage />}
        {route.name === 'settings' && <SettingsPage />}
        {(route.name === 'not-found' || route.name === 'callback') && <NotFound />}
      </main>
    </div>
  );
}

function NotFound() {
  return (
    <section class="card">
      <h1 id="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is nothing at this address. <Link href={ROUTES.dashboard}>Go to your dashboard</Link>.
      </p>
    </section>
  );
}
