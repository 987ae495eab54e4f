import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedToolCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly id?: string;
}

/** One model turn: text chunks and/or tool calls, streamed as OpenAI chat.completion.chunk SSE. */
export interface Turn {
  readonly chunks?: readonly string[];
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Pause before each chunk. */
  readonly delayMs?: number;
  /** Cut the connection after this many chunks (a model server dying mid-stream). */
  readonly dropAfterChunks?: number;
}

export interface ChatRequest {
  readonly model: string;
  readonly stream?: boolean;
  readonly messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  readonly tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
}

export type Script = (request: ChatRequest, index: number) => Turn;

/**
 * An OpenAI-compatible HTTP server for tests, so the real `@langchain/openai` client (and the
 * OpenAI SDK under it) runs: `/v1/chat/completions` streams scripted turns as SSE chunks with
 * tool-call fragments, and `/v1/embeddings` answers deterministic vectors (base64 float32 when
 * asked, as the SDK does by default).
 */
export class ScriptedLlm {
  readonly requests: ChatRequest[] = [];
  readonly embeddingInputs: string[] = [];
  script: Script = () => ({ chunks: ['OK'] });
  private server?: Server;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * What a careful model would take as instructions: the system prompt and the user's messages,
   * without the `<context>` blocks the system prompt declares to be data. A script that obeys
   * what it finds here runs a tool for a recalled memory only if the memory reached the model
   * outside such a block, so a test built on it fails if memories were ever passed as instructions.
   */
  static instructions(request: ChatRequest): string {
    return request.messages
      .filter((m) => m.role === 'system' || m.role === 'user')
      .map((m) => (m.content ?? '').replace(/<context source="[a-z][a-z0-9-]*">[\s\S]*?(<\/context>|$)/g, ''))
      .join('\n');
  }

  /** The items of the request's `<context source="...">` blocks (the data it was handed). */
  static contextItems(request: ChatRequest, source: string): string[] {
    const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
    const match = new RegExp(`<context source="${source}">([\\s\\S]*?)</context>`).exec(system);
    return (match?.[1] ?? '')
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
  }

  /** The text of the last user message of a request. */
  static lastUser(request: ChatRequest): string {
    return [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    if (req.url?.endsWith('/embeddings')) return this.embeddings(body, res);
    if (!req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const request = body as unknown as ChatRequest;
    this.requests.push(request);
    const turn = this.script(request, this.requests.length - 1);
    if (!request.stream) return this.complete(request, turn, res);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const id = `chatcmpl-${this.requests.length}`;
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    let sent = 0;
    for (const text of turn.chunks ?? []) {
      if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
      if (turn.dropAfterChunks !== undefined && sent >= turn.dropAfterChunks) return void res.socket?.destroy();
      if (res.destroyed) return;
      send({ content: text });
      sent++;
    }
    for (const [index, call] of (turn.toolCalls ?? []).entries()) {
      const args = JSON.stringify(call.args);
      const cut = Math.ceil(args.length / 2);
      // Name first, then the arguments in two fragments: what real servers do.
      send({
        tool_calls: [
          { index, id: call.id ?? `call_${this.requests.length}_${index}`, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      });
      send({ tool_calls: [{ index, function: { arguments: args.slice(0, cut) } }] });
      if (turn.dropAfterChunks !== undefined && sent >= turn.dropAfterChunks) return void res.socket?.destroy();
      send({ tool_calls: [{ index, function: { arguments: args.slice(cut) } }] });
    }
    send({}, turn.toolCalls?.length ? 'tool_calls' : 'stop');
    res.end('data: [DONE]\n\n');
  }

  private complete(request: ChatRequest, turn: Turn, res: ServerResponse): void {
    const message = {
      role: 'assistant',
      content: (turn.chunks ?? []).join(''),
      ...(turn.toolCalls?.length
        ? {
            tool_calls: turn.toolCalls.map((c, i) => ({
              id: c.id ?? `call_${i}`,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            })),
          }
        : {}),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [{ index: 0, message, finish_reason: turn.toolCalls?.length ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  }

  private embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map(String);
    this.embeddingInputs.push(...inputs);
    const data = inputs.map((text, index) => {
      const vector = wordVector(text);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
  }
}

/** A deterministic bag-of-words vector: similar wording, similar vector. */
function wordVector(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0;
    for (const c of word) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}
