import { ApiError, readResponse } from '../api/problem.js';
import type { TokenResponse } from '../api/types.js';
import { Session, type TabChannel, type TabMessage } from './session.js';

const LOCK = 'tasksensei.refresh';

async function postRefresh(): Promise<TokenResponse | 'unauthenticated'> {
  let response: Response;
  try {
    response = await fetch('/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw ApiError.offline();
  }
  if (response.status === 401 || response.status === 400) return 'unauthenticated';
  return readResponse<TokenResponse>(response);
}

function channel(): TabChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const bc = new BroadcastChannel('tasksensei.session');
  return {
    postMessage: (message: TabMessage) => bc.postMessage(message),
    addEventListener: (type, listener) => bc.addEventListener(type, (event: MessageEvent<TabMessage>) => listener({ data: event.data })),
  };
}

/** The session of this tab, wired to the browser: fetch, Web Locks, BroadcastChannel, timers. */
export function createBrowserSession(): Session {
  const session = new Session({
    refresh: postRefresh,
    // Web Locks are in every current browser (secure contexts: https and localhost); without
    // them a tab still keeps its own refreshes to one at a time.
    withLock: <T>(task: () => Promise<T>) => ('locks' in navigator ? (navigator.locks.request(LOCK, task) as Promise<T>) : task()),
    channel: channel(),
    now: () => Date.now(),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  });
  // Timers sleep in background tabs; catch up when the tab is seen again or the network returns.
  const wake = () => {
    if (document.visibilityState === 'visible' && session.current === 'signed-in') void session.accessToken().catch(() => undefined);
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  return session;
}
