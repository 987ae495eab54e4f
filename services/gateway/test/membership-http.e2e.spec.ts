import { MembershipUpdatedNotification, type MembershipUpdated, type Profile } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';
import { connectAs } from '../../../test/support/nats.js';
import { signUpAndLogin } from '../../../test/support/auth.js';
import { expectEventually, expectProblem, request, testStack, type JsonResponse } from '../../../test/support/test-stack.js';

const url = (path: string) => `${testStack().gatewayUrl}${path}`;
/** The pages' URLs are on PUBLIC_URL (localhost:<port>); reach them through this run's gateway. */
const local = (href: string) => url(new URL(href).pathname + new URL(href).search);
const form = { 'content-type': 'application/x-www-form-urlencoded' };
/** The form token a local page's form carries (CSRF), which its POST must echo. */
const csrfOf = (html: string) => /name="csrf_token" value="([^"]+)"/.exec(html)![1]!;

describe('profile, checkout and portal over HTTP', () => {
  it.each([
    ['GET', '/user/profile'],
    ['POST', '/user/update'],
    ['POST', '/checkout'],
    ['POST', '/billing/portal'],
  ])('%s %s without a token is a 401 problem', async (method, path) => {
    expectProblem(
      await request(url(path), { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) }),
      401,
    );
  });

  describe('a signed-in user', () => {
    let session: { accessToken: string; userId: string };
    let nc: NatsConnection;
    const call = <T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> =>
      request<T>(url(path), {
        method,
        headers: { authorization: `Bearer ${session.accessToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const profile = async () => {
      const response = await call<Profile>('GET', '/user/profile');
      expect(response.status).toBe(200);
      return response.body;
    };

    beforeAll(async () => {
      session = await signUpAndLogin(testStack().gatewayUrl, 'member');
      nc = await connectAs('gateway'); // the only reader of users' notifications, with chat
    }, 60_000);
    afterAll(async () => {
      await nc?.drain();
    });

    it('reads and updates the profile, with 400 for bad fields and 409 for a stale version', async () => {
      await expectEventually(async () => expect((await profile()).membership).toEqual({ tier: 'free', status: 'active' }));
      const before = await profile();
      expect(before.userId).toBe(session.userId);

      const bad = await call<{ errors: { path: string }[] }>('POST', '/user/update', {
        displayName: '',
        timezone: 'Nowhere/Land',
        isAdmin: true,
      });
      expectProblem(bad, 400);
      expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['displayName', 'timezone']));

      const updated = await call<Profile>('POST', '/user/update', {
        displayName: 'Member One',
        timezone: 'Europe/Berlin',
        expectedVersion: before.version,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(
        expect.objectContaining({ displayName: 'Member One', timezone: 'Europe/Berlin', version: before.version + 1 }),
      );

      expectProblem(await call('POST', '/user/update', { company: 'Late Inc', expectedVersion: before.version }), 409);
    });

    it('refuses an unknown or free plan at checkout with 400', async () => {
      expectProblem(await call('POST', '/checkout', { planId: 'platinum' }), 400);
      expectProblem(await call('POST', '/checkout', { planId: 'free' }), 400);
      expectProblem(await call('POST', '/checkout', { planId: 'pro', coupon: 'FREE' }), 400);
    });

    it('refuses a forged pay or cancel (no form token, or a wrong one) with a 403 problem, and nothing is paid', async () => {
      const checkout = await call<{ sessionId: string; url: string }>('POST', '/checkout', { planId: 'pro' });
      expect(checkout.status).toBe(200);
      // 128 random bits, not derivable from what an attacker knows (user, plan, time window).
      expect(checkout.body.sessionId).toMatch(/^cs_local_[0-9a-f]{32}$/);
      const page = await request(local(checkout.body.url));
      const token = csrfOf(page.text);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const payAction = /action="([^"]+\/pay)"/.exec(page.text)![1]!;
      const cancelAction = /action="([^"]+\/cancel)"/.exec(page.text)![1]!;

      for (const body of ['confirm=pay', `confirm=pay&csrf_token=${'0'.repeat(32)}`, `confirm=pay&csrf_token=${token.slice(1)}`]) {
        expectProblem(await request(url(payAction), { method: 'POST', headers: form, body, redirect: 'manual' }), 403);
      }
      expectProblem(await request(url(cancelAction), { method: 'POST', headers: form, body: 'confirm=cancel', redirect: 'manual' }), 403);

      // Paying closes the session and cancelling expires it: the page still offers "Pay", so neither ran.
      const after = await request(local(checkout.body.url));
      expect(after.text).toContain('/pay"');
      expect(csrfOf(after.text)).toBe(token);
      expect((await profile()).membership).toEqual({ tier: 'free', status: 'active' });
    });

    it('pays on the local checkout page, shows pro, pushes membership.updated, then cancels in the portal back to free', async () => {
      const pushed: MembershipUpdated[] = [];
      const subscription = nc.subscribe(MembershipUpdatedNotification.subjectFor(session.userId), {
        callback: (_error, message) => {
          pushed.push(message.json<MembershipUpdated>());
        },
      });

      const checkout = await call<{ sessionId: string; url: string }>('POST', '/checkout', { planId: 'pro' });
      expect(checkout.status).toBe(200);
      expect(checkout.body.url).toMatch(/\/billing\/local-checkout\/cs_local_[A-Za-z0-9]+$/);

      const page = await request(local(checkout.body.url));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.text).toContain('Pro');
      const payAction = /action="([^"]+\/pay)"/.exec(page.text)![1]!;

      const paid = await fetch(url(payAction), {
        method: 'POST',
        headers: form,
        body: `confirm=pay&csrf_token=${csrfOf(page.text)}`,
        redirect: 'manual',
      });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toContain(`/billing/checkout/success?session_id=${checkout.body.sessionId}`);

      await expectEventually(async () => {
        const membership = (await profile()).membership;
        expect(membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'active', currentPeriodEnd: expect.any(String) }));
      });
      await expectEventually(() =>
        expect(pushed).toContainEqual(expect.objectContaining({ userId: session.userId, tier: 'pro', status: 'active' })),
      );
      expectProblem(await call('POST', '/checkout', { planId: 'pro' }), 409);

      const portal = await call<{ url: string }>('POST', '/billing/portal');
      expect(portal.status).toBe(200);
      const portalPage = await request(local(portal.body.url));
      expect(portalPage.text).toContain('Cancel subscription');
      const cancelAction = /action="([^"]+\/cancel-subscription)"/.exec(portalPage.text)![1]!;
      expect(portal.body.url).toMatch(/\/billing\/local-portal\/bps_local_[0-9a-f]{32}$/);
      expectProblem(await request(url(cancelAction), { method: 'POST', headers: form, body: 'confirm=cancel', redirect: 'manual' }), 403);
      const cancelled = await fetch(url(cancelAction), {
        method: 'POST',
        headers: form,
        body: `confirm=cancel&csrf_token=${csrfOf(portalPage.text)}`,
        redirect: 'manual',
      });
      expect(cancelled.status).toBe(303);

      await expectEventually(async () => expect((await profile()).membership).toEqual({ tier: 'free', status: 'canceled' }));
      await expectEventually(() => expect(pushed.at(-1)).toEqual(expect.objectContaining({ tier: 'free', status: 'canceled' })));
      subscription.unsubscribe();
    }, 60_000);
  });

  describe('POST /webhook', () => {
    it('takes any content type as raw bytes and answers a bad signature with a 400 problem', async () => {
      const contentTypes: Record<string, string>[] = [{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, {}];
      for (const headers of contentTypes) {
        const refused = await request(url('/webhook'), {
          method: 'POST',
          headers: { ...headers, 'stripe-signature': 't=1,v1=00' },
          body: '{"id":"evt_1"}',
        });
        expectProblem(refused, 400);
        expect(refused.body).toEqual(
          expect.objectContaining({
            reason: 'WEBHOOK_SIGNATURE_INVALID',
            type: 'https://tasksensei.dev/problems/webhook-signature-invalid',
          }),
        );
      }
    });

    it('refuses a body over 512 KiB with a 413 problem', async () => {
      expectProblem(
        await request(url('/webhook'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
          body: 'x'.repeat(600 * 1024),
        }),
        413,
      );
    });

    it('is in the OpenAPI document with the profile and checkout routes', async () => {
      const document = await request<{ paths: Record<string, unknown> }>(url('/docs/json'));
      expect(Object.keys(document.body.paths)).toEqual(
        expect.arrayContaining(['/webhook', '/user/profile', '/user/update', '/checkout', '/billing/portal']),
      );
      const problemTypes = (document.body as unknown as { 'x-problem-types': unknown[] })['x-problem-types'];
      expect(problemTypes).toContainEqual({
        reason: 'QUOTA_EXCEEDED',
        type: 'https://tasksensei.dev/problems/quota-exceeded',
        status: 413,
        title: 'Storage quota exceeded',
      });
      expect(problemTypes).toContainEqual({
        reason: 'WEBHOOK_SIGNATURE_INVALID',
        type: 'https://tasksensei.dev/problems/webhook-signature-invalid',
        status: 400,
        title: 'Webhook signature not valid',
      });
    });
  });
});
