import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { CompleteUploadContract, DownloadFileContract, GenerateUploadContract } from '@tasksensei/contracts';
import { LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY, S3_BUCKET } from '@tasksensei/devstack';
import { NatsRequester, UserAssertionSigner, connectNats, createLogger } from '@tasksensei/platform';
import { startBaseline } from './baseline.mjs';
import { LOAD } from './load.mjs';
import { cpuMeter, processCpuMs, stackProcesses } from './processes.mjs';
import { issueAccessToken } from './tokens.mjs';

/** The free plan's largest file: the "10 MB" of the round trip (above the 8 MiB multipart threshold). */
const ROUND_TRIP_BYTES = 10 * 1024 * 1024;
const ROUND_TRIPS = 12;
/** Users the generate load rotates over: each may hold 100 unconfirmed uploads. */
const USERS = 200;
/** Goals: generate at least at this share of the baseline's rate, and at most this CPU (µs) of the files process per generate. */
const TARGET_RATIO = 0.5;
const TARGET_FILES_CPU_US = 1000;
/** Answered by the baseline server, as the files NATS user (see baseline-server.mjs). */
const GENERATE_BASELINE_SUBJECT = 'files.v1.bench.generate';

/**
 * Presigned URLs per second of one files process, asked over NATS as the gateway and the chat
 * assistant ask (each `generate` also needs the user's plan, cached, and reserves quota in DynamoDB;
 * each `download` is one read), against a baseline of the signing alone in this process; then
 * the browser's round trip for a 10 MiB file: POST /generate, PUT of its two parts to the
 * local S3 (SigV4 check and encryption at rest included), POST /files/{id}/complete.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchFiles(stack) {
  const filesPid = stack.components.get('files')?.pid;
  const supportPids = ['billing', 'dynamodb', 'nats'].flatMap((name) => stack.components.get(name)?.pid ?? []);
  // As the gateway calls files: its NATS user, and a signed user assertion with each request.
  const nc = await connectNats(stack.natsUrl, 'bench-files', createLogger('bench-files', 'silent'), {
    identity: 'gateway',
    seedFile: stack.seedFileOf('gateway'),
  });
  try {
    const signer = await UserAssertionSigner.fromJwkFile(stack.assertionKeys.signingKeyFile, 60);
    const requester = new NatsRequester(nc, 30_000, undefined, undefined, signer);
    const users = Array.from({ length: USERS }, () => randomUUID());
    let turn = 0;
    const request = { filename: 'report.pdf', contentType: 'application/pdf', size: 1024 };
    const generate = () => requester.request(GenerateUploadContract, request, { userSub: users[turn++ % USERS] });
    const baselineServer = await startBaseline(stack);
    let baselineRow;
    try {
      const generateBaseline = async () => {
        const reply = (
          await nc.request(GENERATE_BASELINE_SUBJECT, JSON.stringify({ ...request, userId: users[turn++ % USERS] }), { timeout: 30_000 })
        ).json();
        if (!reply.url) throw new Error(`generate baseline: ${reply.error}`);
      };
      baselineRow = await measureNats(generateBaseline, baselineServer.pid, supportPids, [
        { name: 'baseline', pid: baselineServer.pid },
        ...stackProcesses(stack, ['nats', 'dynamodb']),
      ]);
    } finally {
      await baselineServer.stop();
    }
    const generateRow = await measureNats(generate, filesPid, supportPids, stackProcesses(stack, ['files', 'billing', 'nats', 'dynamodb']));

    const owner = randomUUID();
    const fileId = await uploadedFile(requester, owner);
    const downloadRow = await measureNats(
      () => requester.request(DownloadFileContract, { fileId }, { userSub: owner }),
      filesPid,
      supportPids,
    );

    const baseline = await signingAlone(stack.ports.s3);
    const roundTrip = await roundTrips(stack);
    const mbPerSecond = ROUND_TRIP_BYTES / 1024 / 1024 / (roundTrip.p50Ms / 1000);
    return {
      id: 'files',
      title: 'Files: presigned URLs and a 10 MiB upload',
      rows: [
        { label: 'baseline: getSignedUrl alone (1 core)', url: 'in-process', ...baseline },
        { label: 'baseline: quota update + record + presign', url: GENERATE_BASELINE_SUBJECT, ...baselineRow },
        { label: 'files.v1.upload.generate over NATS', url: GenerateUploadContract.subject, ...generateRow },
        { label: 'files.v1.download over NATS', url: DownloadFileContract.subject, ...downloadRow },
        { label: '10 MiB generate+PUT+complete (1 at a time)', url: `${stack.gatewayUrl}/generate`, ...roundTrip },
      ],
      ratios: [
        { label: 'ratio generate/baseline (req/s)', value: generateRow.reqPerSec / baselineRow.reqPerSec, target: TARGET_RATIO },
        {
          label: 'files process cpu ms per generate',
          value: (generateRow.cpuUsPerReq ?? Infinity) / 1000,
          target: TARGET_FILES_CPU_US / 1000,
          atMost: true,
        },
      ],
      notes: [
        'generate baseline: a bare NATS responder (as files) doing one conditional quota update, one conditional record put (dynalite) and one presigned PUT',
        `NATS rows: ${LOAD.connections} requests in flight, ${LOAD.warmupSeconds} s warm-up + ${LOAD.durationSeconds} s; cpu is the files process's own, per request`,
        'generate = the plan (from billing over NATS, cached per user until a membership change) + one conditional quota reservation and one file record (dynalite) + one presigned PUT; download = one read + one presigned GET',
        `round trip p50 ${roundTrip.p50Ms} ms = ${mbPerSecond.toFixed(0)} MiB/s over loopback: two 8 MiB + 2 MiB parts PUT in parallel, then complete (S3 assembly + HEAD)`,
        `round trip p50 split: generate ${roundTrip.split.generate} ms, PUT ${roundTrip.split.put} ms, complete ${roundTrip.split.complete} ms`,
      ],
    };
  } finally {
    await nc.drain();
  }
}

/** Drives `call` with LOAD.connections in flight: a warm-up, then the measured run. */
async function measureNats(call, pid, supportPids, processes = []) {
  await drive(call, LOAD.warmupSeconds);
  const meter = cpuMeter(processes);
  const pids = pid ? [pid, ...supportPids] : [];
  const before = pids.map(processCpuMs);
  const machineBefore = machineCpuMs();
  const self = process.cpuUsage();
  const result = await drive(call, LOAD.durationSeconds);
  const cpu = meter.perOperation(result.requests);
  const selfUsed = process.cpuUsage(self);
  const used = pids.map((p, i) => (before[i] === null ? null : processCpuMs(p) - before[i]));
  const machine = machineCpuMs();
  const known = used.length > 0 && used.every((ms) => ms !== null);
  const others = known
    ? machine.busy - machineBefore.busy - used.reduce((a, b) => a + b, 0) - (selfUsed.user + selfUsed.system) / 1000
    : null;
  return {
    ...result,
    ...(processes.length ? { cpu } : {}),
    cpuUsPerReq: used[0] == null ? null : Math.round((used[0] * 1000) / result.requests),
    othersCpuShare: others === null ? null : Math.round((Math.max(0, others) / (machine.total - machineBefore.total)) * 1000) / 1000,
  };
}

async function drive(call, seconds) {
  const latencies = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: LOAD.connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return summary(latencies, (performance.now() - started) / 1000);
}

/** What signing costs without any I/O: the ceiling a files process could approach on one core. */
async function signingAlone(s3Port) {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${s3Port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const sign = () =>
    getSignedUrl(
      s3,
      new PutObjectCommand({
        Bucket: S3_BUCKET,
        Key: `users/bench/${randomUUID()}/report.pdf`,
        ContentType: 'application/pdf',
        ContentLength: 1024,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/bench',
      }),
      { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  for (const warm = performance.now() + LOAD.warmupSeconds * 1000; performance.now() < warm;) await sign();
  const latencies = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const end = started + LOAD.durationSeconds * 1000; performance.now() < end;) {
    const t = performance.now();
    await sign();
    latencies.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  s3.destroy();
  const result = summary(latencies, (performance.now() - started) / 1000);
  return { ...result, cpuUsPerReq: Math.round((used.user + used.system) / result.requests), othersCpuShare: null };
}

/** The browser path for a 10 MiB file, one upload at a time, each deleted afterwards (quota). */
async function roundTrips(stack) {
  const userId = randomUUID();
  const token = await issueAccessToken(stack, userId);
  const api = (method, path, body) =>
    fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const file = randomBytes(ROUND_TRIP_BYTES);
  const totals = [];
  const split = { generate: [], put: [], complete: [] };
  for (let i = 0; i < ROUND_TRIPS + 2; i++) {
    const t0 = performance.now();
    const generated = await api('POST', '/generate', { filename: 'video.mp4', contentType: 'video/mp4', size: file.length });
    if (generated.status !== 200) throw new Error(`POST /generate answered ${generated.status}: ${await generated.text()}`);
    const upload = await generated.json();
    const t1 = performance.now();
    const { partSize, parts } = upload.multipart;
    const etags = await Promise.all(
      parts.map(async (part) => {
        const start = (part.partNumber - 1) * partSize;
        const put = await fetch(part.url, { method: 'PUT', headers: part.headers, body: file.subarray(start, start + part.size) });
        if (put.status !== 200) throw new Error(`PUT of part ${part.partNumber} answered ${put.status}: ${await put.text()}`);
        return { partNumber: part.partNumber, etag: put.headers.get('etag') };
      }),
    );
    const t2 = performance.now();
    const completed = await api('POST', `/files/${upload.fileId}/complete`, { parts: etags });
    if (completed.status !== 200) throw new Error(`complete answered ${completed.status}: ${await completed.text()}`);
    const t3 = performance.now();
    // The first two warm the path (JIT, connection pools).
    if (i >= 2) {
      totals.push(t3 - t0);
      split.generate.push(t1 - t0);
      split.put.push(t2 - t1);
      split.complete.push(t3 - t2);
    }
    const deleted = await api('DELETE', `/files/${upload.fileId}`);
    if (deleted.status !== 204) throw new Error(`DELETE answered ${deleted.status}`);
  }
  const seconds = totals.reduce((a, b) => a + b, 0) / 1000;
  const median = (values) =>
    round(
      percentile(
        [...values].sort((a, b) => a - b),
        0.5,
      ),
    );
  return {
    ...summary(totals, seconds),
    cpuUsPerReq: null,
    othersCpuShare: null,
    split: { generate: median(split.generate), put: median(split.put), complete: median(split.complete) },
  };
}

/** A small uploaded file to download: generate, PUT, complete, over NATS as the gateway would. */
async function uploadedFile(requester, userId) {
  const upload = await requester.request(
    GenerateUploadContract,
    { filename: 'report.pdf', contentType: 'application/pdf', size: 4 },
    { userSub: userId },
  );
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: Buffer.from('%PDF') });
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${await put.text()}`);
  await requester.request(CompleteUploadContract, { fileId: upload.fileId }, { userSub: userId });
  return upload.fileId;
}

function summary(latencies, seconds) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    reqPerSec: sorted.length / seconds,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    requests: sorted.length,
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (ms) => (ms < 10 ? Math.round(ms * 100) / 100 : Math.round(ms));

function machineCpuMs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: ((total - ticks[3] - ticks[4]) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return { busy: 0, total: 1 };
  }
}
