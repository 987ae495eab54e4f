/**
 * S3 for the local stack: s3rver keeps the objects under `--path`, on a loopback port of its
 * own, and the front in s3/s3-front.ts listens on `--port`: it checks SigV4 signatures and
 * expiry as S3 does, encrypts bodies at rest under a master key kept in `--master-key` (0600),
 * and answers CORS for the web client's origins (`--cors-origin`, comma-separated).
 */
import { dirname, join } from 'node:path';
import S3rver from 's3rver';
import { MasterKey } from '../s3/envelope.js';
import { LOCAL_KMS_KEY_ID, LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY } from '../s3/local-s3.js';
import { S3Front } from '../s3/s3-front.js';
import { exitWithParent, optionalArg, requiredArg } from './server-args.js';

const port = Number(requiredArg('--port'));
const directory = requiredArg('--path');
const bucket = optionalArg('--bucket');
const masterKeyFile = optionalArg('--master-key') ?? join(dirname(directory), 's3-master.key');
const corsOrigins = (optionalArg('--cors-origin') ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);
const kmsKeyId = optionalArg('--kms-key-id') ?? LOCAL_KMS_KEY_ID;

const log = (level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), component: 's3', msg, ...fields })}\n`);

const masterKey = MasterKey.loadOrCreate(masterKeyFile, (message) => log('info', message));
const store = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  ...(bucket ? { configureBuckets: [{ name: bucket }] } : {}),
});
const { port: storePort } = await store.run();
const front = new S3Front({
  upstreamPort: storePort,
  storeDir: directory,
  masterKey,
  credentials: new Map([[LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY]]),
  corsOrigins,
  kmsKeyId,
  log,
});
const server = await front.listen(port, '127.0.0.1');
log('info', `s3 listening on 127.0.0.1:${port} (SigV4, encrypted at rest; s3rver on 127.0.0.1:${storePort})`, { corsOrigins, kmsKeyId });
exitWithParent(async () => {
  server.close();
  front.close();
  await store.close();
});
