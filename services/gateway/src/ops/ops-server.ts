import { createServer, type Server } from 'node:http';
import type { Metrics, NatsConnection } from '@tasksensei/platform';
import type { SystemHealth } from '../health/system-health.js';

/** Probes and metrics on a port the Ingress never routes to. */
export function startOpsServer(
  port: number,
  host: string,
  metrics: Metrics,
  nc: NatsConnection,
  health: () => Promise<SystemHealth>,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const ready = !nc.isClosed() && !nc.isDraining();
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ok' : 'down' }));
    } else if (path === '/health') {
      // The public /health with each check's detail (error text, latency) for operators.
      health().then(
        (result) =>
          response
            .writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(JSON.stringify(result)),
        () => response.writeHead(500).end(),
      );
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
