import type { FastifyInstance } from 'fastify';
import { Histogram, type Metrics } from '@tasksensei/platform';

/** Request duration by route template (never the raw URL, which would explode cardinality). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics) {
  const histogram = new Histogram({
    name: 'tasksensei_http_request_duration_seconds',
    help: 'Gateway HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  // One child per label set, found by a string key: cheaper than label hashing on every request.
  const children = new Map<string, ReturnType<typeof histogram.labels>>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const key = `${request.method} ${route} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = histogram.labels(request.method, route, String(status));
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}
