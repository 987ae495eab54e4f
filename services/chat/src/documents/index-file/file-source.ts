import { ErrorCode, FileSourceContract, ServiceError } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';

export interface SourceFile {
  readonly url: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** Where chat reads a user's file: the files service signs a GET, the bytes come from S3. */
export interface FileSource {
  /** The file, or undefined when it is not (or no longer) a confirmed file of that user. */
  find(userId: string, fileId: string): Promise<SourceFile | undefined>;
  /** The bytes, refusing more than `maxBytes`. */
  read(file: SourceFile, maxBytes: number): Promise<Uint8Array>;
}

export class FilesServiceSource implements FileSource {
  constructor(
    private readonly requester: NatsRequester,
    private readonly timeoutMs: number,
  ) {}

  async find(userId: string, fileId: string): Promise<SourceFile | undefined> {
    try {
      // Chat's own identity on the internal twin, for the file's owner (see FileSourceContract).
      return await this.requester.request(FileSourceContract, { fileId }, { userSub: userId });
    } catch (error) {
      if (error instanceof ServiceError && (error.code === ErrorCode.NotFound || error.code === ErrorCode.ValidationFailed))
        return undefined;
      throw error;
    }
  }

  async read(file: SourceFile, maxBytes: number): Promise<Uint8Array> {
    const response = await fetch(file.url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok || !response.body) throw new Error(`reading the file failed: HTTP ${response.status}`);
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const part of response.body) {
      total += part.byteLength;
      if (total > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new Error('the file is larger than it was said to be');
      }
      parts.push(part);
    }
    return Buffer.concat(parts);
  }
}
