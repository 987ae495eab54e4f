import { request as httpRequest } from 'node:http';
import { expectProblem, request, testStack, type JsonResponse } from '../../../test/support/test-stack.js';

const url = (path: string) => `${testStack().gatewayUrl}${path}`;
const json = { 'content-type': 'application/json' };

describe('every error is application/problem+json', () => {
  it('an unknown route is a 404 problem that does not echo markup back', async () => {
    const response = await request(url('/no/such/route?<script>'));
    expectProblem(response, 404);
    expect(response.text).not.toContain('<script>');
  });

  it('path traversal is just an unknown route', async () => {
    expectProblem(await request(url('/..%2f..%2fetc%2fpasswd')), 404);
    expectProblem(await request(url('/plans/../../etc/passwd')), 404);
  });

  it('malformed JSON is a 400 problem, never a 500', async () => {
    for (const body of ['{bad', '{"a":', '[1,2', '"unterminated', '\u0000\u0001']) {
      expectProblem(await request(url('/plans'), { method: 'POST', headers: json, body }), 400);
    }
  });

  it('prototype-poisoning JSON is refused with 400', async () => {
    const body = '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}';
    expectProblem(await request(url('/plans'), { method: 'POST', headers: json, body }), 400);
  });

  it('an oversized body is a 413 problem', async () => {
    const body = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(await postReadingEarlyAnswer(url('/plans'), body), 413);
  });

  it('an unsupported content type is a 415 problem', async () => {
    expectProblem(await request(url('/signup'), { method: 'POST', headers: { 'content-type': 'application/x-evil' }, body: 'x' }), 415);
  });

  it('a JSON body that is not an object is a 400 problem', async () => {
    for (const body of ['null', '42', '"text"', '[]']) {
      expectProblem(await request(url('/signup'), { method: 'POST', headers: json, body }), 400);
    }
  });

  it('the gateway keeps serving after all of that', async () => {
    const response = await request(url('/plans'));
    expect(response.status).toBe(200);
  });
});

/**
 * POSTs `body` and takes the answer even when it comes before the body is all written: the
 * gateway answers an oversized Content-Length at once and closes, and fetch reports the
 * interrupted write (EPIPE) instead of the answer it already has, as a browser would not.
 */
function postReadingEarlyAnswer(target: string, body: string): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(target, { method: 'POST', headers: { ...json, 'content-length': Buffer.byteLength(body) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, text, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}
