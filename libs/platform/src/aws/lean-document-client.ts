import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import * as DynamoExports from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SigningKeys, amzDate as longDate, hmacHex, sha256Hex } from './sigv4.js';

/**
 * The document client's five single-item and query calls (Get, Put, Update, Delete, Query)
 * without the SDK's per-call machinery: the same JSON 1.0 request, signed with SigV4 (the
 * signing key derived once a day), on a keep-alive agent. Measured on the webhook path it costs
 * a fifth to a third of the SDK's client CPU per call. Every other command goes to the SDK
 * document client, as do the credentials and the region (the SDK's providers, cached by it).
 * Errors are the SDK's own exception classes (`ConditionalCheckFailedException`...) with
 * `$metadata.httpStatusCode`, so callers cannot tell the two apart.
 */
export function leanDocumentClient(
  client: DynamoDBClient,
  doc: DynamoDBDocumentClient,
  options: { readonly endpoint?: string; readonly maxAttempts: number },
): DynamoDBDocumentClient {
  const lean = new LeanDynamo(client, options);
  // Everything but send() is the SDK client's (config, destroy, middleware).
  return Object.create(doc, {
    send: {
      value: (command: unknown, ...rest: unknown[]) => {
        const call = leanCallOf(command);
        return call ? lean.send(call) : (doc.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      },
    },
  }) as DynamoDBDocumentClient;
}

type Input = Record<string, unknown>;
interface LeanCall {
  readonly target: 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';
  readonly input: Input;
}

function leanCallOf(command: unknown): LeanCall | undefined {
  const input = (command as { input?: Input }).input;
  if (!input) return undefined;
  if (command instanceof GetCommand) return { target: 'GetItem', input };
  if (command instanceof PutCommand) return { target: 'PutItem', input };
  if (command instanceof UpdateCommand) return { target: 'UpdateItem', input };
  if (command instanceof DeleteCommand) return { target: 'DeleteItem', input };
  if (command instanceof QueryCommand) return { target: 'Query', input };
  return undefined;
}

/** Input attributes that hold document values (the rest are names and expressions, sent as they are). */
const VALUE_INPUTS = ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;
/** Output attributes that hold items, to unmarshall. */
const ITEM_OUTPUTS = ['Item', 'Attributes', 'LastEvaluatedKey'] as const;
const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottledException',
  'LimitExceededException',
]);
const SERVICE = 'dynamodb';

class LeanDynamo {
  private readonly url: Promise<URL>;
  private readonly agent: HttpAgent;
  private readonly signingKeys = new SigningKeys();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly options: { readonly endpoint?: string; readonly maxAttempts: number },
  ) {
    this.url = options.endpoint
      ? Promise.resolve(new URL(options.endpoint))
      : client.config.region().then((region) => new URL(`https://dynamodb.${region}.amazonaws.com`));
    const secure = !options.endpoint || options.endpoint.startsWith('https:');
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });
  }

  async send(call: LeanCall): Promise<Input> {
    const body = marshallInput(call.input);
    for (let attempt = 1; ; attempt++) {
      try {
        return unmarshallOutput(await this.post(call.target, body));
      } catch (error) {
        if (attempt >= this.options.maxAttempts || !retryable(error)) throw error;
        // The SDK's standard strategy: exponential backoff with full jitter, 100 ms base.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
      }
    }
  }

  private async post(target: string, body: string): Promise<Input> {
    const [url, region, credentials] = await Promise.all([this.url, this.client.config.region(), this.client.config.credentials()]);
    const amzDate = longDate(new Date());
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.0',
      host: url.host,
      'x-amz-date': amzDate,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
      'x-amz-target': `DynamoDB_20120810.${target}`,
    };
    const signed = Object.keys(headers).join(';');
    const canonical = `POST\n${url.pathname || '/'}\n\n${Object.entries(headers)
      .map(([name, value]) => `${name}:${value}\n`)
      .join('')}\n${signed}\n${sha256Hex(body)}`;
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${SERVICE}/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = hmacHex(this.signingKeys.keyFor(scope, credentials.secretAccessKey), toSign);
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
    headers['content-length'] = String(Buffer.byteLength(body));
    const response = await this.exchange(url, headers, body);
    if (response.status === 200) return response.text ? (JSON.parse(response.text) as Input) : {};
    throw serviceError(response.status, errorBody(response.text), response.requestId);
  }

  private exchange(url: URL, headers: Record<string, string>, body: string) {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ status: number; text: string; requestId: string | undefined }>((resolve, reject) => {
      const req = send(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          method: 'POST',
          path: url.pathname || '/',
          agent: this.agent,
          headers,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const id = res.headers['x-amzn-requestid'];
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              requestId: typeof id === 'string' ? id : undefined,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** An error answer's JSON; a proxy's HTML or an empty body (a 502, a 503) is an error by its status alone. */
function errorBody(text: string): Input {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Input) : {};
  } catch {
    return {};
  }
}

function retryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  // No answer at all (a reset or refused socket) is transient; so are 5xx and throttling.
  if (!e.$metadata) return typeof e.code === 'string';
  return (e.$metadata.httpStatusCode ?? 0) >= 500 || THROTTLING.has(e.name ?? '');
}

type ExceptionClass = new (options: { message: string; $metadata: object }) => Error;
const EXCEPTIONS = DynamoExports as unknown as Record<string, ExceptionClass | undefined>;

/** The SDK's exception for a DynamoDB error answer (its class when the SDK has one). */
function serviceError(status: number, body: Input, requestId: string | undefined): Error {
  const name =
    String(body.__type ?? 'UnknownError')
      .split('#')
      .pop() ?? 'UnknownError';
  const message = String(body.message ?? body.Message ?? name);
  const $metadata = { httpStatusCode: status, requestId, attempts: 1, totalRetryDelay: 0 };
  const Exception = EXCEPTIONS[name];
  const error =
    typeof Exception === 'function' && Exception.prototype instanceof DynamoExports.DynamoDBServiceException
      ? new Exception({ message, $metadata })
      : new DynamoExports.DynamoDBServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata, message });
  if (body.Item) Object.assign(error, { Item: unmarshallMap(body.Item as Input) });
  return error;
}

function marshallInput(input: Input): string {
  const out: Input = { ...input };
  for (const attribute of VALUE_INPUTS) {
    if (input[attribute] !== undefined) out[attribute] = marshallMap(input[attribute] as Input);
  }
  return JSON.stringify(out);
}

function unmarshallOutput(output: Input): Input {
  const out: Input = { ...output };
  for (const attribute of ITEM_OUTPUTS) {
    if (output[attribute] !== undefined) out[attribute] = unmarshallMap(output[attribute] as Input);
  }
  if (Array.isArray(output.Items)) out.Items = output.Items.map((item) => unmarshallMap(item as Input));
  return out;
}

type AttributeValue = Record<string, unknown>;

/** As the document client with `removeUndefinedValues: true`: undefined members are left out. */
function marshallMap(value: Input): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, member] of Object.entries(value)) {
    const marshalled = marshallValue(member);
    if (marshalled !== undefined) out[name] = marshalled;
  }
  return out;
}

function marshallValue(value: unknown): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot store the number ${value} in DynamoDB`);
      return { N: String(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      return marshallObject(value);
    default:
      throw new Error(`cannot store a ${typeof value} in DynamoDB`);
  }
}

function marshallObject(value: object): AttributeValue | undefined {
  if (Array.isArray(value)) return { L: value.flatMap((item) => marshallValue(item) ?? []) };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return marshallSet(value);
  if (value instanceof Map) return { M: marshallMap(Object.fromEntries(value)) };
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // The SDK document client refuses class instances too (convertClassInstanceToMap: false).
    throw new Error(`cannot store a ${value.constructor.name} in DynamoDB`);
  }
  return { M: marshallMap(value as Input) };
}

function marshallSet(set: Set<unknown>): AttributeValue {
  const members = [...set];
  if (members.length === 0) throw new Error('cannot store an empty set in DynamoDB');
  if (members.every((m) => typeof m === 'string')) return { SS: members };
  if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) return { NS: members.map(String) };
  if (members.every((m) => m instanceof Uint8Array)) return { BS: members.map((m) => Buffer.from(m).toString('base64')) };
  throw new Error('cannot store a set of mixed types in DynamoDB');
}

function unmarshallMap(value: Input): Input {
  const out: Input = {};
  for (const [name, member] of Object.entries(value)) out[name] = unmarshallValue(member as AttributeValue);
  return out;
}

function unmarshallValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return unmarshallMap(value.M as Input);
  if ('L' in value) return (value.L as AttributeValue[]).map(unmarshallValue);
  if ('SS' in value) return new Set(value.SS as string[]);
  if ('NS' in value) return new Set((value.NS as string[]).map(Number));
  if ('B' in value) return new Uint8Array(Buffer.from(value.B as string, 'base64'));
  if ('BS' in value) return new Set((value.BS as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64'))));
  throw new Error(`unknown DynamoDB attribute value ${Object.keys(value).join(',')}`);
}
