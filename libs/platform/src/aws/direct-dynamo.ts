import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SigningKeys, amzDate, hmacHex, sha256Hex } from './sigv4.js';

/** An item or a key as the document client takes them: plain values, marshalled on the way. */
export type DocItem = Record<string, unknown>;

interface ExpressionInput {
  readonly TableName: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues?: Readonly<Record<string, unknown>>;
}
export interface DirectPutInput extends ExpressionInput {
  readonly Item: DocItem;
}
export interface DirectUpdateInput extends ExpressionInput {
  readonly Key: DocItem;
  readonly UpdateExpression: string;
}
export interface DirectGetInput {
  readonly TableName: string;
  readonly Key: DocItem;
  readonly ConsistentRead?: boolean;
}

/** Where requests go and with which credentials, as the SDK client resolved them (once). */
interface Target {
  readonly url: URL;
  readonly region: string;
  readonly maxAttempts: number;
  readonly agent: HttpAgent;
}

/** What the SDK's standard retry strategy treats as worth another attempt. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const RETRY_BASE_MS = 100;
const RETRY_CAP_MS = 20_000;

/** An error DynamoDB answered, shaped as the SDK's (`name`, `$fault`, `$metadata`), so callers tell them apart the same way. */
export class DynamoServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string; readonly attempts: number };

  constructor(name: string, message: string, status: number, requestId: string | undefined, attempts: number) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}), attempts };
  }
}

/**
 * PutItem, UpdateItem and GetItem without the SDK's per-call middleware stack: the hot paths'
 * writes. A document-client `send` runs about thirty middlewares per call (endpoint resolution
 * by the rules engine, schema serialization, user agent, retry bookkeeping, signing through the
 * auth-scheme machinery), which cost several times the request itself. Here the endpoint, the
 * region and the attempts are taken from the SDK client once (the same configuration), the
 * credentials from its provider on each call (it caches and refreshes them), and each request is
 * the JSON the SDK would send (direct-dynamo.spec.ts compares the bodies, the document client's
 * marshalling included, and the SigV4 signature), signed and sent on a keep-alive agent. Errors
 * keep the SDK's shape: `name` is DynamoDB's error type, so `isConditionalCheckFailed` works
 * unchanged; throttling, 5xx and dropped connections are retried with the standard strategy's
 * backoff. Everything else (queries, batches, tables) stays with the SDK.
 */
export class DirectDynamo {
  private target?: Promise<Target>;
  private readonly keys = new SigningKeys();

  constructor(private readonly client: DynamoDBClient) {}

  async put(input: DirectPutInput): Promise<void> {
    await this.call('PutItem', { ...expressionBody(input), Item: marshallItem(input.Item) });
  }

  async update(input: DirectUpdateInput): Promise<void> {
    await this.call('UpdateItem', { ...expressionBody(input), Key: marshallItem(input.Key), UpdateExpression: input.UpdateExpression });
  }

  async get(input: DirectGetInput): Promise<{ Item?: DocItem }> {
    const reply = (await this.call('GetItem', {
      TableName: input.TableName,
      Key: marshallItem(input.Key),
      ...(input.ConsistentRead === undefined ? {} : { ConsistentRead: input.ConsistentRead }),
    })) as { Item?: Record<string, AttributeValue> };
    return reply.Item ? { Item: unmarshallItem(reply.Item) } : {};
  }

  /** Closes the agent's idle sockets. */
  async destroy(): Promise<void> {
    const target = await this.target?.catch(() => undefined);
    target?.agent.destroy();
  }

  private async call(operation: string, body: object): Promise<unknown> {
    const target = await (this.target ??= this.resolve().catch((error: unknown) => {
      this.target = undefined;
      throw error;
    }));
    const payload = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(target, operation, payload, attempt);
      } catch (error) {
        if (attempt >= target.maxAttempts || !isRetryable(error)) throw error;
        const delay = Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async send(target: Target, operation: string, payload: string, attempt: number): Promise<unknown> {
    const credentials = await this.client.config.credentials();
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.0',
      host: target.url.host,
      'x-amz-date': amzDate(new Date()),
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    };
    headers.authorization = this.sign(headers, payload, target.region, credentials, target.url.pathname);
    headers['content-length'] = String(Buffer.byteLength(payload));
    const response = await post(target, headers, payload);
    const text = await readBody(response);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return text ? JSON.parse(text) : {};
    throw errorOf(status, text, response.headers['x-amzn-requestid'] as string | undefined, attempt);
  }

  /** SigV4 for the headers given (all signed), with the signing key derived once a day. */
  sign(
    headers: Readonly<Record<string, string>>,
    payload: string,
    region: string,
    credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
    path = '/',
  ): string {
    const date = headers['x-amz-date']!;
    const names = Object.keys(headers)
      .map((name) => name.toLowerCase())
      .sort();
    const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const signedHeaders = names.join(';');
    const canonical = [
      'POST',
      path,
      '',
      ...names.map((name) => `${name}:${lower[name]!.trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      sha256Hex(payload),
    ].join('\n');
    const scope = `${date.slice(0, 8)}/${region}/dynamodb/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = hmacHex(this.keys.keyFor(scope, credentials.secretAccessKey), stringToSign);
    return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  /** The client's endpoint (its configured one, or the regional one its rules give), region and attempts. */
  private async resolve(): Promise<Target> {
    const config = this.client.config;
    const region = await config.region();
    const maxAttempts = await config.maxAttempts();
    if (config.isCustomEndpoint && config.endpoint) {
      const endpoint = await config.endpoint();
      const port = endpoint.port ? `:${endpoint.port}` : '';
      const url = new URL(`${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path || '/'}`);
      return { url, region, maxAttempts, agent: agentFor(url) };
    }
    const resolved = config.endpointProvider({
      Region: region,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      AccountIdEndpointMode: 'disabled',
    });
    const url = new URL(resolved.url.href);
    return { url, region, maxAttempts, agent: agentFor(url) };
  }
}

function post(target: Target, headers: Record<string, string>, payload: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const { url, agent } = target;
    const options = { method: 'POST', hostname: url.hostname, port: url.port || undefined, path: url.pathname, headers, agent };
    const request = url.protocol === 'https:' ? httpsRequest(options, resolve) : httpRequest(options, resolve);
    request.on('error', reject);
    request.end(payload);
  });
}

/** Sockets kept open between calls, as many as the SDK's handler allows by default. */
const agentFor = (url: URL): HttpAgent =>
  url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });

function expressionBody(input: ExpressionInput): Record<string, unknown> {
  return {
    TableName: input.TableName,
    ...(input.ConditionExpression === undefined ? {} : { ConditionExpression: input.ConditionExpression }),
    ...(input.ExpressionAttributeNames === undefined ? {} : { ExpressionAttributeNames: input.ExpressionAttributeNames }),
    ...(input.ExpressionAttributeValues === undefined ? {} : { ExpressionAttributeValues: marshallItem(input.ExpressionAttributeValues) }),
  };
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function errorOf(status: number, text: string, requestId: string | undefined, attempts: number): DynamoServiceError {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON (a proxy's page): named by its status below.
  }
  const name = parsed.__type?.split('#').pop() || (status >= 500 ? 'InternalServerError' : `HTTP${status}`);
  return new DynamoServiceError(
    name,
    parsed.message ?? parsed.Message ?? (text.slice(0, 200) || `HTTP ${status}`),
    status,
    requestId,
    attempts,
  );
}

function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoServiceError) return error.$metadata.httpStatusCode >= 500 || THROTTLING.has(error.name);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

// --- marshalling, as the document client's with removeUndefinedValues and convertClassInstanceToMap off ---

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { B: string }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] };

export function marshallItem(item: Readonly<Record<string, unknown>>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const name of Object.keys(item)) {
    const value = marshallValue(item[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function marshallValue(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
      return { S: value };
    case 'number':
      return { N: numberText(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      return marshallObject(value);
    default:
      throw new Error(
        `Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`,
      );
  }
}

function marshallObject(value: object | null): AttributeValue | undefined {
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(marshallValue).filter((v): v is AttributeValue => v !== undefined) };
  if (value instanceof Uint8Array) return { B: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Set) return marshallSet(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new Error(
      `Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`,
    );
  }
  return { M: marshallItem(value as Record<string, unknown>) };
}

function marshallSet(set: Set<unknown>): AttributeValue | undefined {
  const values = [...set].filter((v) => v !== undefined);
  if (values.length === 0) throw new Error('Pass a non-empty set, or options.convertEmptyValues=true.');
  if (values.every((v) => typeof v === 'string')) return { SS: values };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint'))
    return { NS: values.map((v) => (typeof v === 'number' ? numberText(v) : v.toString())) };
  throw new Error('Only sets of strings or of numbers are supported here.');
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new Error(`Number ${value} is greater than Number.MAX_SAFE_INTEGER. Use BigInt.`);
  }
  return String(value);
}

export function unmarshallItem(item: Readonly<Record<string, AttributeValue>>): DocItem {
  const out: DocItem = {};
  for (const name of Object.keys(item)) out[name] = unmarshallValue(item[name]!);
  return out;
}

function unmarshallValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return numberOf(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return unmarshallItem(value.M);
  if ('L' in value) return value.L.map(unmarshallValue);
  if ('SS' in value) return new Set(value.SS);
  if ('NS' in value) return new Set(value.NS.map(numberOf));
  if ('B' in value) return new Uint8Array(Buffer.from(value.B, 'base64'));
  throw new Error(`Unsupported attribute value: ${JSON.stringify(value)}`);
}

/** As the document client without wrapNumbers: a number, unless it would lose precision. */
function numberOf(text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(text)) {
    throw new Error(`Number ${text} is outside the range of a safe integer. Pass options.wrapNumbers to get string values.`);
  }
  return value;
}
