/**
 * The baseline for GET /plans: the least a process can do to answer it, which is the gateway
 * handler's own work (one `NatsRequester` round trip to billing, a JSON 200) on bare node:http.
 * Forked by plans.mjs as its own process, like the gateway, so it does not share an event loop
 * with the load generator. Reports its port over IPC and exits when the parent disconnects.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ListPlansContract } from '@tasksensei/contracts';
import { NatsRequester, connectNats, createLogger } from '@tasksensei/platform';

const NAME = 'bench-baseline';
const natsUrl = process.env.NATS_URL;
if (!natsUrl) throw new Error(`${NAME}: NATS_URL is not set`);

// Only failed requests are news here; NATS reconnect warnings at shutdown are not.
const logger = createLogger(NAME, 'error');
// The gateway's NATS user, as the gateway it stands in for.
const nc = await connectNats(natsUrl, NAME, logger, { identity: 'gateway', seedFile: process.env.NATS_NKEY_SEED_FILE });
// The gateway's default NATS_REQUEST_TIMEOUT_MS. No metrics or logger: recording metrics is
// part of what the gateway adds, and the logger is only used on a failed request.
const requester = new NatsRequester(nc, 5_000);
let closing = false;

const server = createServer((request, response) => {
  if (request.method !== 'GET' || request.url !== '/plans') {
    response.writeHead(404).end();
    return;
  }
  const requestId = randomUUID();
  requester.request(ListPlansContract, {}, { requestId }).then(
    (plans) => {
      // The headers the gateway sends on this route.
      response
        .writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'public, max-age=60',
          'x-request-id': requestId,
        })
        .end(JSON.stringify(plans));
    },
    (error) => {
      // Requests cut off by the drain at shutdown are expected, not news.
      if (!closing) logger.error({ err: error }, 'plans request failed');
      response.writeHead(502, { 'content-type': 'text/plain' }).end('billing request failed');
    },
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});

process.once('disconnect', () => {
  closing = true;
  server.close();
  server.closeAllConnections();
  void nc.drain().finally(() => process.exit(0));
});
