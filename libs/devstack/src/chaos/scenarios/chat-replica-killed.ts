import { randomUUID } from 'node:crypto';
import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { bearer, call, connected, openChat, signUpUsers, waitFor, type ChatClient, type ScenarioResult } from '../chaos-kit.js';

export interface ChatKillLoad {
  readonly conversations: number;
}

interface Sent {
  readonly client: ChatClient;
  readonly conversationId: string;
  readonly messageId: string;
}

const end = (client: ChatClient, messageId: string) =>
  client.events.find(
    (e) =>
      (e.event === 'message.completed' && (e.data as { messageId?: string }).messageId === messageId) ||
      (e.event === 'message.error' && (e.data as { messageId?: string }).messageId === messageId),
  );

/**
 * Replies stream slowly (the cluster's model is SlowModel) when one chat replica is killed.
 * Each reply must end: completed (on the replica that lived) or `message.error` once the dead
 * replica's lease runs out; the history never shows a half reply.
 */
export async function chatReplicaKilled(cluster: ClusterStack, load: ChatKillLoad, victim = 'chat-1'): Promise<ScenarioResult> {
  const users = await signUpUsers(cluster, load.conversations, 'chaos-chat');
  const urls = cluster.gatewayUrls;
  const clients = users.map((user, i) => openChat(urls[i % urls.length]!, user.token));
  const up = await Promise.all(clients.map((c) => connected(c.socket)));
  if (up.some((u) => !u)) throw new Error('chat sockets could not connect');

  const sent: Sent[] = await Promise.all(
    clients.map(async (client) => {
      const ack = (await client.socket
        .timeout(30_000)
        .emitWithAck('sendMessage', { text: 'Tell me a long story', clientMessageId: randomUUID() })) as {
        conversationId: string;
        messageId: string;
      };
      return { client, conversationId: ack.conversationId, messageId: ack.messageId };
    }),
  );
  // Kill once every reply is being written.
  await waitFor(() => (sent.every((s) => s.client.events.some((e) => e.event === 'message.token')) ? true : undefined), 60_000, 50);
  const killedAt = Date.now();
  await cluster.signal(victim, 'SIGKILL');

  await waitFor(() => (sent.every((s) => end(s.client, s.messageId)) ? true : undefined), 60_000, 100);
  const outcomes = sent.map((s) => end(s.client, s.messageId));
  const unfinished = outcomes.filter((o) => !o).length;
  const errored = outcomes.filter((o) => o?.event === 'message.error');
  const completed = outcomes.filter((o) => o?.event === 'message.completed').length;
  const errorAfterKill = errored.map((o) => o!.at - killedAt);

  // History: the user's message, then a completed reply or nothing; never a half one.
  let halfReplies = 0;
  for (const [i, s] of sent.entries()) {
    const history = await call(`${urls[0]}/chat/conversations/${s.conversationId}/messages`, { headers: bearer(users[i]!) });
    const messages = (history.body ?? []) as { messageId: string; role: string; text: string }[];
    const reply = messages.find((m) => m.messageId === s.messageId);
    const outcome = outcomes[i];
    if (reply && (outcome?.event !== 'message.completed' || !reply.text)) halfReplies++;
  }
  for (const client of clients) client.socket.disconnect();
  await cluster.startProcess(victim);

  const slowest = errorAfterKill.length ? Math.max(...errorAfterKill) : 0;
  return {
    id: 'chat-replica-killed',
    scenario: 'a chat replica killed mid-reply',
    load: `${sent.length} replies streaming (one per user, sockets on both gateways)`,
    fault: `SIGKILL ${victim} while every reply is being written`,
    mustHold: 'each reply completes elsewhere or ends with message.error within 5 s; no half reply in history',
    measured: `${completed} completed, ${errored.length} message.error (slowest ${slowest} ms after the kill), ${unfinished} never ended, ${halfReplies} half replies in history`,
    figures: { replies: sent.length, completed, errored: errored.length, unfinished, halfReplies, slowestErrorAfterKillMs: slowest },
    violations: [
      ...(unfinished ? [`${unfinished} replies never ended`] : []),
      ...(halfReplies ? [`${halfReplies} half replies in history`] : []),
    ],
    slow: slowest > 5_000 ? [`message.error came ${slowest} ms after the kill (target 5 s)`] : [],
  };
}
