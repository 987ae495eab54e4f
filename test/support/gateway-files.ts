import type { FileView, GenerateUploadReply } from '@tasksensei/contracts';
import { request, type JsonResponse } from './test-stack.js';

/**
 * The files routes of the gateway as a signed-in browser uses them, for tests outside the files
 * service (its own tests have the fuller FilesApi).
 */
export class GatewayFiles {
  constructor(
    private readonly gatewayUrl: string,
    private readonly accessToken: string,
  ) {}

  /** generate, PUT with exactly the signed headers, complete. */
  async upload(filename: string, contentType: string, bytes: Uint8Array): Promise<FileView> {
    const generated = await this.call<GenerateUploadReply>('POST', '/generate', { filename, contentType, size: bytes.length });
    if (generated.status !== 200) throw new Error(`generate answered ${generated.status}: ${generated.text}`);
    const put = await fetch(generated.body.url, { method: 'PUT', headers: generated.body.headers, body: bytes });
    if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${await put.text()}`);
    const completed = await this.call<FileView>('POST', `/files/${generated.body.fileId}/complete`);
    if (completed.status !== 200) throw new Error(`complete answered ${completed.status}: ${completed.text}`);
    return completed.body;
  }

  list(): Promise<JsonResponse<FileView[]>> {
    return this.call('GET', '/files');
  }

  delete(fileId: string): Promise<JsonResponse> {
    return this.call('DELETE', `/files/${fileId}`);
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return request<T>(`${this.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
}
