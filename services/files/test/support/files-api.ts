import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileView, GenerateUploadReply, UploadPart } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';
import { storedEvents } from '../../../../test/support/nats.js';
import { request, type JsonResponse } from '../../../../test/support/test-stack.js';

export const MIB = 1024 * 1024;

/** The files routes of the gateway as one signed-in user calls them. */
export class FilesApi {
  constructor(
    private readonly gatewayUrl: string,
    private readonly accessToken: string,
  ) {}

  generate(body: unknown): Promise<JsonResponse<GenerateUploadReply>> {
    return this.call('POST', '/generate', body);
  }

  complete(fileId: string, body?: unknown): Promise<JsonResponse<FileView>> {
    return this.call('POST', `/files/${fileId}/complete`, body);
  }

  parts(fileId: string, partNumbers: number[]): Promise<JsonResponse<{ parts: UploadPart[] }>> {
    return this.call('POST', `/files/${fileId}/parts`, { partNumbers });
  }

  abort(fileId: string): Promise<JsonResponse> {
    return this.call('POST', `/files/${fileId}/abort`);
  }

  list(): Promise<JsonResponse<FileView[]>> {
    return this.call('GET', '/files');
  }

  download(fileId: string): Promise<JsonResponse<{ url: string; expiresAt: string }>> {
    return this.call('GET', `/files/${fileId}/download`);
  }

  delete(fileId: string): Promise<JsonResponse> {
    return this.call('DELETE', `/files/${fileId}`);
  }

  /** generate, PUT, complete: the whole browser path for a small file. */
  async upload(filename: string, contentType: string, body: Uint8Array): Promise<FileView> {
    const generated = await this.generate({ filename, contentType, size: body.length });
    if (generated.status !== 200) throw new Error(`generate answered ${generated.status}: ${generated.text}`);
    const put = await putBytes(generated.body, body);
    if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${await put.text()}`);
    const completed = await this.complete(generated.body.fileId);
    if (completed.status !== 200) throw new Error(`complete answered ${completed.status}: ${completed.text}`);
    return completed.body;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return request<T>(`${this.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
}

/** What a browser does with an upload instruction: PUT the bytes with exactly the given headers. */
export function putBytes(
  instruction: { url: string; headers: Record<string, string> },
  body: Uint8Array,
  extra: Record<string, string> = {},
  url = instruction.url,
): Promise<Response> {
  return fetch(url, { method: 'PUT', headers: { ...instruction.headers, ...extra }, body });
}

/** A body whose every byte is recognisable, so it can be searched for on disk. */
export function markedBody(size: number, marker = `TASKSENSEI-PLAINTEXT-${randomUUID()}`): { body: Buffer; marker: string } {
  const unit = Buffer.from(`${marker}\n`);
  const body = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += unit.length) unit.copy(body, offset, 0, Math.min(unit.length, size - offset));
  return { body, marker };
}

/** Every regular file under a directory whose bytes contain `needle`. */
export function filesContaining(directory: string, needle: Buffer): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && readFileSync(path).includes(needle)) found.push(path);
    }
  };
  walk(directory);
  return found;
}

/** The envelopes stored on a subject of the FILE stream, read with a throwaway consumer. */
export async function fileEvents<T = { id: string; data: Record<string, unknown> }>(nc: NatsConnection, subject: string): Promise<T[]> {
  return storedEvents<T>(nc, 'FILE', subject);
}
