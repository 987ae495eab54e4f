import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, nkeys, type Authenticator, type NatsConnection } from '@nats-io/transport-node';
import { inboxPrefixOf, type NatsIdentity } from '@tasksensei/contracts';
import type { Logger } from 'pino';

export type { NatsConnection } from '@nats-io/transport-node';

export interface NatsCredentialsOptions {
  /** Which NATS user this process is: decides its reply-inbox prefix (the only one it may read). */
  readonly identity?: NatsIdentity;
  /** File holding this identity's nkey seed (`SU...`), e.g. a mounted Secret; unset: no credentials. */
  readonly seedFile?: string;
  /** How long the first connection may take (default 5 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects with unlimited reconnects, so a NATS restart is a blip rather than an outage. The seed
 * is read from its file at each (re)connect, so a rotated Secret is picked up without a restart.
 */
export async function connectNats(
  url: string,
  name: string,
  logger: Logger,
  credentials: NatsCredentialsOptions = {},
): Promise<NatsConnection> {
  const seedFile = credentials.seedFile;
  const nc = await connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: credentials.connectTimeoutMs ?? 5_000,
    // Without this the client captures two stack traces per request (~25 µs); a failed request
    // becomes a ServiceError whose stack we never use.
    noAsyncTraces: true,
    ...(credentials.identity ? { inboxPrefix: inboxPrefixOf(credentials.identity) } : {}),
    ...(seedFile ? { authenticator: nkeySeedFileAuthenticator(seedFile) } : {}),
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn(
          { nats: status.type, server: 'server' in status ? status.server : undefined, err: 'error' in status ? status.error : undefined },
          'nats connection status',
        );
      }
    }
  })();
  return nc;
}

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Answers the server's nonce with the nkey from `seedFile`, signed by Node's native Ed25519. The
 * client's own nkeyAuthenticator signs in pure JavaScript (tweetnacl): ~90 ms per connect on a
 * loaded host, enough to miss the server's authentication timeout. The file is re-read at each
 * (re)connect, so a rotated Secret is picked up without a restart.
 */
export function nkeySeedFileAuthenticator(seedFile: string): Authenticator {
  let current: { seed: string; nkey: string; key: KeyObject } | undefined;
  return (nonce?: string) => {
    const seed = readFileSync(seedFile, 'utf8').trim();
    if (current?.seed !== seed) {
      const pair = nkeys.fromSeed(new TextEncoder().encode(seed)) as ReturnType<typeof nkeys.fromSeed> & { getRawSeed(): Uint8Array };
      const key = createPrivateKey({
        key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(pair.getRawSeed())]),
        format: 'der',
        type: 'pkcs8',
      });
      current = { seed, nkey: pair.getPublicKey(), key };
    }
    const sig = nonce ? nkeys.encode(sign(null, Buffer.from(nonce, 'utf8'), current.key)) : '';
    return { nkey: current.nkey, sig };
  };
}
