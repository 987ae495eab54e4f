import { render } from 'preact';
import { Account } from './account.js';
import { Api } from './api/client.js';
import { App } from './app.js';
import { createBrowserSession } from './auth/browser-session.js';
import { Notices } from './lib/notices.js';
import { ROUTES } from './lib/router.js';
import { ChatSocket } from './realtime/chat-socket.js';
import { ServicesContext, type Services } from './services.js';
import './styles.css';

const session = createBrowserSession();
const api = new Api(session);
const services: Services = { session, api, socket: new ChatSocket(session), account: new Account(api), notices: new Notices() };

// The access token lives in memory only: a new page asks the refresh cookie for one. The
// callback page signs in with its code instead.
if (window.location.pathname !== ROUTES.callback) {
  session.refresh().catch(() => {
    services.notices.show({
      kind: 'error',
      title: 'No connection',
      body: 'TaskSensei could not reach the server. Reload the page to try again.',
    });
    session.signedOut(false);
  });
}

render(
  <ServicesContext.Provider value={services}>
    <App />
  </ServicesContext.Provider>,
  document.getElementById('app')!,
);
