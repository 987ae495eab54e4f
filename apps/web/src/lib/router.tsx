import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * The client routes. The gateway serves index.html for exactly these paths (see
 * services/gateway/src/web/web-client.ts); they must stay clear of the API's own paths.
 */
export const ROUTES = {
  dashboard: '/',
  callback: '/callback',
  files: '/uploads',
  chat: '/assistant',
  account: '/account',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  verifyEmail: '/verify-email',
  /** Not `/memories`: that path is the API's. */
  memories: '/memory',
  settings: '/settings',
} as const;

/** Pages reached from a mail or the sign-in page: shown signed in or out. */
export const PUBLIC_ROUTES = ['forgot-password', 'reset-password', 'verify-email'] as const;

export type Route =
  | { readonly name: 'dashboard' }
  | { readonly name: 'callback' }
  | { readonly name: 'files' }
  | { readonly name: 'chat'; readonly conversationId?: string }
  | { readonly name: 'account' }
  | { readonly name: (typeof PUBLIC_ROUTES)[number] }
  | { readonly name: 'memories' }
  | { readonly name: 'settings' }
  | { readonly name: 'not-found' };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === ROUTES.dashboard) return { name: 'dashboard' };
  if (path === ROUTES.callback) return { name: 'callback' };
  if (path === ROUTES.files) return { name: 'files' };
  if (path === ROUTES.chat) return { name: 'chat' };
  if (path === ROUTES.account) return { name: 'account' };
  if (path === ROUTES.forgotPassword) return { name: 'forgot-password' };
  if (path === ROUTES.resetPassword) return { name: 'reset-password' };
  if (path === ROUTES.verifyEmail) return { name: 'verify-email' };
  if (path === ROUTES.memories) return { name: 'memories' };
  if (path === ROUTES.settings) return { name: 'settings' };
  const chat = /^\/assistant\/([A-Za-z0-9_-]{1,100})$/.exec(path);
  if (chat) return { name: 'chat', conversationId: chat[1]! };
  return { name: 'not-found' };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** The current location, re-rendering on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((t) => t + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { pathname: window.location.pathname, search: window.location.search };
}

interface LinkProps {
  readonly href: string;
  readonly children: ComponentChildren;
  readonly class?: string;
  readonly onClick?: () => void;
  readonly 'aria-current'?: 'page' | undefined;
}

/** An ordinary link (so open-in-new-tab and keyboard work) that navigates in place. */
export function Link({ href, children, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
    onClick?.();
  };
  return (
    <a href={href} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
