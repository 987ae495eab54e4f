import { request, testStack } from '../../../test/support/test-stack.js';

/** The gateway serving the built client (services/gateway/src/web), against the running stack. */
describe('the web client served by the gateway', () => {
  const base = () => testStack().gatewayUrl;

  it.each(['/', '/callback?code=abc&state=def', '/uploads', '/assistant', '/assistant/c_123', '/memory'])(
    'answers %s with the app, under a strict CSP, revalidated on each load',
    async (path) => {
      const response = await request(`${base()}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.text).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain(`connect-src 'self' ws://localhost:${testStack().ports.gateway} http://127.0.0.1:${testStack().ports.s3}`);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('serves the hashed bundle for a year, and nothing but files under /assets/', async () => {
    const page = await request(`${base()}/`);
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page.text)![1]!;
    const bundle = await request(`${base()}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Everything the app runs is in the bundle: no address of any other host to load code from.
    expect(bundle.text).not.toMatch(/https?:\/\/(?!www\.w3\.org|socket\.io\/docs)[a-z0-9.-]+\.[a-z]{2,}\//i);
    expect((await request(`${base()}/assets/missing.js`)).status).toBe(404);
    expect((await request(`${base()}/index.html`)).status).toBe(404);
    expect((await request(`${base()}/assets/..%2f..%2fpackage.json`)).status).toBe(403);
  });

  it('leaves the API, the provider, the docs, the webhook and socket.io to themselves', async () => {
    const files = await request(`${base()}/files`);
    expect(files.status).toBe(401);
    expect(files.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await request(`${base()}/config`)).body).toEqual(expect.objectContaining({ clientId: expect.any(String) }));
    expect((await request(`${base()}/oidc/.well-known/openid-configuration`)).body).toEqual(
      expect.objectContaining({ issuer: expect.any(String) }),
    );
    expect((await request(`${base()}/docs/json`)).body).toEqual(expect.objectContaining({ openapi: expect.any(String) }));
    expect(
      (await request(`${base()}/webhook`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
    const polling = await request(`${base()}/socket.io/?EIO=4&transport=polling`);
    expect(polling.text).not.toContain('<!doctype html>');
    // An unknown path stays a problem, not the app.
    const unknown = await request(`${base()}/no-such-page`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
