import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The form-encoded body, keys as Stripe sends them (`metadata[userId]`). */
  readonly params: Record<string, string>;
}

/**
 * A local HTTP server that answers the few Stripe API calls billing makes, in Stripe's wire
 * format (form-encoded requests, JSON objects, Stripe's error shape), so the real SDK code path
 * runs against it through the SDK's host/port/protocol options.
 */
export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  /** What `GET /v1/subscriptions/:id` answers: the subscription "as Stripe has it now". */
  readonly subscriptions = new Map<string, Record<string, unknown>>();
  private server?: Server;

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = (request.url ?? '/').split('?')[0]!;
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        this.requests.push({ method: request.method ?? 'GET', path, headers: request.headers, params });
        const [status, body] = this.answer(request.method ?? 'GET', path, params);
        response
          .writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` })
          .end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  calls(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private answer(method: string, path: string, params: Record<string, string>): [number, unknown] {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const id = `cs_test_${randomBytes(12).toString('hex')}`;
      return [
        200,
        {
          id,
          object: 'checkout.session',
          mode: params.mode,
          url: `https://checkout.stripe.test/c/pay/${id}`,
          client_reference_id: params.client_reference_id,
          status: 'open',
        },
      ];
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const id = `bps_${randomBytes(12).toString('hex')}`;
      return [
        200,
        {
          id,
          object: 'billing_portal.session',
          customer: params.customer,
          return_url: params.return_url,
          url: `https://billing.stripe.test/p/session/${id}`,
        },
      ];
    }
    const subscription = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(path);
    if (method === 'GET' && subscription) {
      const found = this.subscriptions.get(subscription[1]!);
      if (found) return [200, found];
      return [
        404,
        {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such subscription: '${subscription[1]}'`,
            param: 'id',
          },
        },
      ];
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } }];
  }
}
