import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie, withoutRefreshCookie } from './refresh-cookie.js';
import { fakeOf } from '../../../../test/support/fakes.js';

function captured(secure: boolean, token = 'abc.DEF-123') {
  let header = '';
  const reply: FastifyReply = fakeOf<FastifyReply>({
    header: (_name, value: string) => {
      header = value;
      return reply;
    },
  });
  setRefreshCookie(reply, token, secure, 60);
  return header;
}
const requestWith = (cookie: string) => fakeOf<FastifyRequest>({ headers: { cookie } });

describe('the refresh cookie', () => {
  it('is __Host- prefixed, Secure, Path=/ and without Domain over https', () => {
    const header = captured(true);
    expect(header).toMatch(/^__Host-ts_refresh=abc\.DEF-123; /);
    expect(header).toContain('Path=/;');
    expect(header).toContain('Secure');
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).not.toMatch(/domain=/i);
  });

  it('keeps the plain name over http, where browsers refuse __Host- cookies', () => {
    expect(captured(false)).toMatch(/^ts_refresh=abc\.DEF-123; Path=\/; HttpOnly; SameSite=Strict; Max-Age=60$/);
    let cleared = '';
    const reply: FastifyReply = fakeOf<FastifyReply>({
      header: (_name, value: string) => {
        cleared = value;
        return reply;
      },
    });
    clearRefreshCookie(reply, true);
    expect(cleared).toMatch(/^__Host-ts_refresh=; .*Max-Age=0/);
  });

  it('reads only the name of its scheme, and a malformed value as no cookie', () => {
    expect(readRefreshCookie(requestWith('a=1; __Host-ts_refresh=tok.en'), true)).toBe('tok.en');
    expect(readRefreshCookie(requestWith('ts_refresh=tok.en'), true)).toBeUndefined();
    expect(readRefreshCookie(requestWith('ts_refresh=%E0%A4%A'), false)).toBeUndefined();
    expect(readRefreshCookie(requestWith('ts_refresh=<script>'), false)).toBeUndefined();
  });

  it('is taken out of a Cookie header that travels on', () => {
    expect(withoutRefreshCookie('_interaction=x; ts_refresh=secret; __Host-ts_refresh=secret; _session=y')).toBe(
      '_interaction=x; _session=y',
    );
    expect(withoutRefreshCookie('ts_refresh=secret')).toBe('');
  });
});
