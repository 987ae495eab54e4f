import { randomUUID } from 'node:crypto';
import { UserRegisteredEvent } from '@tasksensei/contracts';
import { ProfileReadContract } from './contracts.mjs';
import { EventPublisher, NatsRequester, UserAssertionSigner, connectNats, createLogger } from '@tasksensei/platform';
import { startBaseline } from './baseline.mjs';
import { measure } from './load.mjs';
import { assertSameAnswer } from './plans.mjs';
import { stackProcesses } from './processes.mjs';
import { issueAccessToken } from './tokens.mjs';

/** The gateway should keep at least this share of the baseline's throughput. */
const TARGET_RATIO = 0.9;

/**
 * GET /user/profile, an authenticated read through a store: the token verified against the
 * issuer's keys, then one NATS request to users (a DynamoDB read). The baseline does the same
 * on bare node:http (jose, the same keys, the same signed request), so the ratio isolates what
 * the gateway adds on top.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchProfile(stack) {
  const userId = randomUUID();
  await registered(stack, userId);
  const headers = { authorization: `Bearer ${await issueAccessToken(stack, userId)}` };
  const baseline = await startBaseline(stack);
  try {
    const targets = [
      { label: 'baseline node:http + jose + NATS', url: `${baseline.url}/user/profile`, pid: baseline.pid },
      { label: 'gateway (NestJS + Fastify)', url: `${stack.gatewayUrl}/user/profile`, pid: stack.components.get('gateway')?.pid },
    ];
    const supportPids = ['users', 'nats', 'dynamodb'].flatMap((name) => stack.components.get(name)?.pid ?? []);
    await assertSameAnswer(
      targets.map((t) => t.url),
      headers,
    );
    const rows = [];
    for (const { label, url, pid } of targets) {
      const processes = [
        ...(pid === baseline.pid ? [{ name: 'baseline', pid }] : []),
        ...stackProcesses(stack, ['gateway', 'users', 'nats', 'dynamodb']),
      ];
      rows.push({ label, url, ...(await measure(url, { pid, supportPids, headers, processes })) });
    }
    const [base, gateway] = rows;
    return {
      id: 'profile',
      title: 'GET /user/profile (token + NATS round trip to users)',
      rows,
      ratio: { label: 'ratio gateway/baseline (req/s)', value: gateway.reqPerSec / base.reqPerSec, target: TARGET_RATIO },
      notes: ['one user and one token for every request, as one signed-in client; the baseline verifies a token once, as the gateway'],
    };
  } finally {
    await baseline.stop();
  }
}

/** Registers the user as auth does and waits until users has its profile. */
async function registered(stack, userId) {
  const logger = createLogger('bench-profile', 'silent');
  const auth = await connectNats(stack.natsUrl, 'bench-profile-auth', logger, { identity: 'auth', seedFile: stack.seedFileOf('auth') });
  const gateway = await connectNats(stack.natsUrl, 'bench-profile', logger, { identity: 'gateway', seedFile: stack.seedFileOf('gateway') });
  try {
    await new EventPublisher(auth).publish(UserRegisteredEvent, {
      id: randomUUID(),
      type: 'user.registered',
      occurredAt: new Date().toISOString(),
      data: { userId, email: `bench-${userId.slice(0, 8)}@example.com` },
    });
    const requester = new NatsRequester(
      gateway,
      5_000,
      undefined,
      undefined,
      await UserAssertionSigner.fromJwkFile(stack.assertionKeys.signingKeyFile, 60),
    );
    for (const deadline = Date.now() + 30_000; ;) {
      const found = await requester.request(ProfileReadContract, {}, { userSub: userId }).then(
        () => true,
        () => false,
      );
      if (found) return;
      if (Date.now() > deadline) throw new Error(`users has no profile for ${userId} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await Promise.all([auth.drain(), gateway.drain()]);
  }
}
