import { randomUUID } from 'node:crypto';
import { UserDeletedEvent, type ExportStatus } from '@tasksensei/contracts';
import { EventPublisher, type NatsConnection } from '@tasksensei/platform';
import { strFromU8, unzipSync } from 'fflate';
import { io, type Socket } from 'socket.io-client';
import { derivedId } from '../services/billing/src/shared/ids.js';
import { FilesApi } from '../services/files/test/support/files-api.js';
import { AccountStores, USER_DELETED_CONSUMERS, consumersCaughtUp } from './support/account-stores.js';
import { STRONG_PASSWORD, authorize, signUpAndLogin, uniqueEmail, type Session } from './support/auth.js';
import { connectAs } from './support/nats.js';
import { expectEventually, expectProblem, request, testStack, type JsonResponse } from './support/test-stack.js';

const url = (path: string) => `${testStack().gatewayUrl}${path}`;
/** The local pages' URLs are on PUBLIC_URL; reach them through this run's gateway. */
const local = (href: string) => url(new URL(href).pathname + new URL(href).search);

function api(session: Session) {
  return <T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> =>
    request<T>(url(path), {
      method,
      headers: { authorization: `Bearer ${session.accessToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}

/** One message through the gateway's socket, waiting for the end of its reply. */
async function chat(session: Session, text: string): Promise<string> {
  const socket: Socket = io(`${url('')}/chat`, { auth: { token: session.accessToken }, transports: ['websocket'], reconnection: false });
  try {
    let completed = '';
    socket.on('message.completed', (data: { text: string }) => (completed = data.text));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await socket.timeout(15_000).emitWithAck('sendMessage', { text, clientMessageId: randomUUID() });
    await expectEventually(() => expect(completed).not.toBe(''), 30_000);
    return completed;
  } finally {
    socket.disconnect();
  }
}

/** Pays for Pro on the local checkout page, as a user does. */
async function upgrade(session: Session): Promise<void> {
  const call = api(session);
  const checkout = await call<{ url: string }>('POST', '/checkout', { planId: 'pro' });
  expect(checkout.status).toBe(200);
  const page = await request(local(checkout.body.url));
  const pay = /action="([^"]+\/pay)"/.exec(page.text)![1]!;
  const paid = await fetch(url(pay), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `confirm=pay&csrf_token=${/name="csrf_token" value="([^"]+)"/.exec(page.text)![1]!}`,
    redirect: 'manual',
  });
  expect(paid.status).toBe(303);
  await expectEventually(
    async () => expect((await call<{ membership: { tier: string } }>('GET', '/user/profile')).body.membership.tier).toBe('pro'),
    20_000,
  );
}

async function exportReady(session: Session, exportId: string): Promise<ExportStatus> {
  let status: ExportStatus | undefined;
  await expectEventually(
    async () => {
      const response = await api(session)<ExportStatus>('GET', `/account/exports/${exportId}`);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ready');
      status = response.body;
    },
    60_000,
    250,
  );
  return status!;
}

/** A user with something in every store: profile, a file, a conversation with a task and its memory vectors. */
async function busyUser(label: string, options: { upgrade?: boolean } = {}) {
  const session = await signUpAndLogin(testStack().gatewayUrl, label);
  const call = api(session);
  await expectEventually(async () => expect((await call('GET', '/user/profile')).status).toBe(200), 20_000);
  if (options.upgrade) await upgrade(session);
  const file = await new FilesApi(testStack().gatewayUrl, session.accessToken).upload(
    'quarterly notes.txt',
    'text/plain',
    new TextEncoder().encode(`notes of ${label}`),
  );
  const reply = await chat(session, 'add a task to renew the office lease by Friday');
  expect(reply).toContain('renew the office lease');
  return { session, call, file };
}

describe('account export and deletion through the gateway', () => {
  /** An operator's view of the bus (consumer positions), and auth's identity, the publisher of `user.deleted`. */
  let ops: NatsConnection;
  let auth: NatsConnection;
  let stores: AccountStores;

  beforeAll(async () => {
    [ops, auth] = await Promise.all([connectAs('ops'), connectAs('auth')]);
    stores = new AccountStores();
  });
  afterAll(async () => {
    stores?.close();
    await Promise.all([ops?.drain(), auth?.drain()]);
  });

  it.each([
    ['POST', '/account/export'],
    ['GET', `/account/exports/${randomUUID()}`],
    ['DELETE', '/account'],
  ])('%s %s without a token is a 401 problem', async (method, path) => {
    expectProblem(await request(url(path), { method }), 401);
  });

  it('exports everything the account holds as one zip behind a presigned link, which only its owner can see', async () => {
    const { session, call, file } = await busyUser('exporter');
    const started = await call<{ exportId: string }>('POST', '/account/export');
    expect(started.status).toBe(202);
    const { exportId } = started.body;

    const stranger = await signUpAndLogin(testStack().gatewayUrl, 'stranger');
    expectProblem(await api(stranger)('GET', `/account/exports/${exportId}`), 404);
    expectProblem(await call('GET', '/account/exports/not-an-id'), 404);

    const ready = await exportReady(session, exportId);
    expect(ready.expiresAt).toEqual(expect.any(String));
    const archive = await fetch(ready.url!);
    expect(archive.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await archive.arrayBuffer()));
    const json = (name: string) => {
      const path = Object.keys(entries).find((p) => p.endsWith(`/${name}.json`));
      expect(path).toBeDefined();
      return JSON.parse(strFromU8(entries[path!]!)) as Record<string, unknown> & unknown[];
    };
    expect(Object.keys(entries).some((p) => p.endsWith('/README.txt'))).toBe(true);

    expect(json('profile')).toEqual(expect.objectContaining({ userId: session.userId, email: session.email }));
    const files = json('files') as unknown as { items: { fileId: string; filename: string; downloadUrl: string }[] };
    expect(files.items).toEqual([expect.objectContaining({ fileId: file.fileId, filename: 'quarterly notes.txt' })]);
    const bytes = await fetch(files.items[0]!.downloadUrl);
    expect(await bytes.text()).toBe('notes of exporter');

    const conversations = json('conversations') as unknown as { title: string; messages: { role: string; text: string }[] }[];
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.messages.map((m) => m.role)).toEqual(expect.arrayContaining(['user', 'assistant']));
    expect(conversations[0]!.messages.find((m) => m.role === 'user')?.text).toBe('add a task to renew the office lease by Friday');
    expect(json('tasks')).toEqual([expect.objectContaining({ title: 'renew the office lease', status: 'open' })]);
    expect(json('automations')).toEqual([expect.objectContaining({ name: 'create_task', status: 'succeeded' })]);
    expect((json('memories') as unknown as { text: string }[]).map((m) => m.text)).toContain(
      'add a task to renew the office lease by Friday',
    );
    expect(json('billing')).toEqual(expect.objectContaining({ subscription: null, stripeEvents: [], membershipChanges: [] }));
    expect(json('reminders')).toEqual([]);

    // The archive lives under the user's prefix only.
    expect(await stores.s3KeysUnder(`users/${session.userId}/exports/`)).toEqual([`users/${session.userId}/exports/${exportId}.zip`]);
  }, 180_000);

  it('deletes an account: re-authentication, sign-in refused, every store empty for the user, the subscription cancelled, and a redelivered user.deleted harmless', async () => {
    const { session, call } = await busyUser('leaver', { upgrade: true });
    const exported = await call<{ exportId: string }>('POST', '/account/export');
    await exportReady(session, exported.body.exportId);

    // Before: the user is in every store, so "empty afterwards" means something.
    const before = await stores.dynamoRowsMentioning(session.userId);
    const prefix = (table: string) => Object.keys(before).some((t) => t.endsWith(table));
    // An accepted Stripe event is recorded once, as its outbox entry (billing-events holds the ignored ones).
    for (const table of [
      'accounts',
      'oidc',
      'profiles',
      'files',
      'quotas',
      'exports',
      'chat-conversations',
      'chat-messages',
      'chat-tasks',
      'chat-automations',
      'chat-usage',
      'chat-client-messages',
      'subscriptions',
      'outbox',
      'mail-links',
      'sessions',
    ]) {
      expect({ table, present: prefix(table) }).toEqual({ table, present: true });
    }
    expect((await stores.s3KeysUnder(`users/${session.userId}/`)).length).toBe(2);
    const subscription = Object.entries(before).find(([table]) => table.endsWith('subscriptions'))![1][0] as {
      stripeSubscriptionId: { S: string };
    };
    const subscriptionId = subscription.stripeSubscriptionId.S;
    await expectEventually(async () => expect(Object.keys(await stores.chromaVectorsOf(session.userId)).length).toBeGreaterThan(0), 20_000);

    const wrong = await call<{ errors: { path: string }[] }>('DELETE', '/account', { password: 'not the password at all' });
    expectProblem(wrong, 403);
    expect(wrong.body.errors.map((e) => e.path)).toEqual(['password']);
    expectProblem(await call('DELETE', '/account', {}), 403);
    expectProblem(await call('DELETE', '/account', { password: STRONG_PASSWORD, isAdmin: true }), 400);
    expect((await call('GET', '/user/profile')).status).toBe(200);

    const deleted = await call<{ userId: string }>('DELETE', '/account', { password: STRONG_PASSWORD });
    expect(deleted.status).toBe(202);
    expect(deleted.body.userId).toBe(session.userId);

    // Every session ends at once: an access token issued before is refused within seconds, not at its expiry.
    await expectEventually(async () => expectProblem(await call('GET', '/user/profile'), 401), 10_000, 200);

    // The refresh token stops working as soon as auth has erased the grants.
    await expectEventually(
      async () =>
        expectProblem(
          await request(url('/refresh'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ refresh_token: session.refreshToken }),
          }),
          401,
        ),
      30_000,
      250,
    );

    await consumersCaughtUp(ops, USER_DELETED_CONSUMERS);
    const expectErased = async () => {
      expect(await stores.dynamoRowsMentioning(session.userId, session.email)).toEqual({});
      expect(await stores.s3KeysUnder(`users/${session.userId}/`)).toEqual([]);
      expect(await stores.chromaVectorsOf(session.userId)).toEqual({});
    };
    await expectEventually(expectErased, 30_000, 500);

    // The subscription was cancelled at the payment provider: its cancellation came back as the
    // signed customer.subscription.deleted Stripe sends, and was acknowledged without being applied
    // or tied to the user (the local provider derives that event's id from the subscription).
    const cancellation = derivedId('evt_local_', derivedId('erasure_local_', subscriptionId), subscriptionId, 'deleted');
    const logged = await stores.dynamoRowsMentioning(cancellation);
    expect(Object.keys(logged)).toEqual([expect.stringMatching(/billing-events$/)]);
    expect(Object.values(logged)[0]).toEqual([
      expect.objectContaining({
        type: { S: 'customer.subscription.deleted' },
        outcome: { S: 'ignored' },
        reason: { S: 'the account was deleted' },
      }),
    ]);

    // An access token issued before still reaches nothing: it stays refused.
    expectProblem(await call('GET', '/files'), 401);

    // A redelivery: every service runs its erasure again, acknowledges it, and nothing comes back.
    await new EventPublisher(auth).publish(UserDeletedEvent, {
      id: `redelivery-${randomUUID()}`,
      type: UserDeletedEvent.subject,
      occurredAt: new Date().toISOString(),
      data: { userId: session.userId },
    });
    await consumersCaughtUp(ops, USER_DELETED_CONSUMERS);
    await expectErased();

    // Sign-in fails: the login form answers as for any wrong credentials. (Last: a failed sign-in
    // is counted against the email, account or not, for brute-force protection.)
    const login = await authorize(testStack().gatewayUrl, session.email, STRONG_PASSWORD);
    const nobody = await authorize(testStack().gatewayUrl, uniqueEmail('nobody'), STRONG_PASSWORD);
    expect(login.code).toBeUndefined();
    expect(login.status).toBe(nobody.status);
  }, 300_000);
});
