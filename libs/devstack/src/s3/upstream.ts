import { Agent, request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';

/**
 * The s3rver behind the front, on a loopback port nothing else knows. Requests reach it
 * unsigned: s3rver treats them as its own account's, and the front has checked them already.
 */
export class Upstream {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly port: number) {}

  /** A request whose body the caller writes (or pipes) into `request`. */
  open(method: string, path: string, headers: OutgoingHttpHeaders): { request: ClientRequest; response: Promise<IncomingMessage> } {
    const outgoing = request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      outgoing.once('response', resolve);
      outgoing.once('error', reject);
    });
    return { request: outgoing, response };
  }

  /** A request with a small body or none, answered in full. */
  async send(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders = {},
    body?: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const { request: outgoing, response } = this.open(method, path, body ? { ...headers, 'content-length': body.length } : headers);
    outgoing.end(body);
    const answer = await response;
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    return { status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) };
  }

  close(): void {
    this.agent.destroy();
  }
}
