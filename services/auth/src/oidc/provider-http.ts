import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTunnelReply, HttpTunnelRequest } from '@tasksensei/contracts';
import inject from 'light-my-request';
import type Provider from 'oidc-provider';

const MOUNT = '/oidc';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'date']);

/**
 * Runs HTTP exchanges through the provider in process: the gateway's tunnelled browser traffic,
 * and this service's own OIDC client calls to the built-in issuer (no network hop, no hairpin
 * through the public URL).
 */
export class ProviderHttp {
  private readonly handler: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(private readonly deps: { readonly provider: Provider; readonly publicUrl: URL }) {
    const callback = deps.provider.callback();
    this.handler = (req, res) => {
      // Mounted at /oidc: the provider routes on the stripped path and builds URLs from originalUrl.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url!.slice(MOUNT.length) || '/';
      void callback(req, res);
    };
  }

  async dispatch(request: HttpTunnelRequest): Promise<HttpTunnelReply> {
    const headers: Record<string, string | string[]> = { ...request.headers };
    headers['x-forwarded-proto'] = this.deps.publicUrl.protocol.slice(0, -1);
    headers['x-forwarded-host'] = this.deps.publicUrl.host;
    headers['x-forwarded-for'] = request.remoteAddress;
    const response = await inject(this.handler, {
      method: request.method,
      url: request.url,
      headers,
      ...(request.body ? { payload: Buffer.from(request.body, 'base64') } : {}),
      remoteAddress: request.remoteAddress,
    });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      out[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    return { status: response.statusCode, headers: out, body: response.rawPayload.toString('base64') };
  }

  /** A `fetch` for openid-client that answers issuer URLs in process and others over the network. */
  readonly fetch = async (
    url: string,
    options: { method?: string; headers?: ConstructorParameters<typeof Headers>[0]; body?: unknown; signal?: AbortSignal },
  ) => {
    const target = new URL(url);
    if (target.origin !== this.deps.publicUrl.origin || !target.pathname.startsWith(MOUNT)) {
      return fetch(url, options as RequestInit);
    }
    const headers: Record<string, string> = {};
    new Headers(options.headers).forEach((value, name) => (headers[name] = value));
    const body = options.body === undefined || options.body === null ? undefined : Buffer.from(String(options.body));
    const reply = await this.dispatch({
      method: (options.method ?? 'GET').toUpperCase() as HttpTunnelRequest['method'],
      url: `${target.pathname}${target.search}`,
      headers,
      ...(body ? { body: body.toString('base64') } : {}),
      remoteAddress: '127.0.0.1',
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
    }
    const payload = Buffer.from(reply.body, 'base64');
    return new Response(reply.status === 204 || reply.status === 304 ? null : payload, { status: reply.status, headers: responseHeaders });
  };
}
