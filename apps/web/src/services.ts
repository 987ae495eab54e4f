import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account } from './account.js';
import type { Api } from './api/client.js';
import type { Session } from './auth/session.js';
import type { Notices } from './lib/notices.js';
import type { ChatSocket } from './realtime/chat-socket.js';

/** Everything a page talks to, created once in main.tsx. */
export interface Services {
  readonly session: Session;
  readonly api: Api;
  readonly socket: ChatSocket;
  readonly account: Account;
  readonly notices: Notices;
}

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
