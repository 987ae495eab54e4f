import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * Envelope encryption as KMS does it for SSE-KMS: every stored body gets a fresh AES-256 data
 * key, used once; the data key is kept only wrapped (AES-256-GCM) by a master key that never
 * leaves this process. The wrapped key travels in the segment header beside the ciphertext.
 */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const KEY_ID_BYTES = 8;

/**
 * One stored body (a PUT, or one part of a multipart upload) is one self-contained segment:
 *
 *   magic "TSE1" | master key id (8) | frame size (u32) | plaintext length (u64)
 *   | wrap nonce (12) | wrapped data key (32) + tag (16)        = the 84-byte header
 *   then frames: ciphertext of up to `frame size` bytes + GCM tag (16)
 *
 * The first 24 bytes are the AAD of the key wrap, so a changed length or frame size fails to
 * unwrap. Each frame's AAD is the header, its index and a final flag, so frames cannot be
 * reordered, dropped or moved between segments. Frame nonces count up from 0: safe because the
 * data key is never reused. A multipart object is its parts' segments one after the other.
 */
export const MAGIC = Buffer.from('TSE1', 'ascii');
export const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + 4 + 8 + NONCE_BYTES + KEY_BYTES + TAG_BYTES;
const WRAP_AAD_BYTES = MAGIC.length + KEY_ID_BYTES + 4 + 8;
export const DEFAULT_FRAME_BYTES = 64 * 1024;

export interface SegmentHeader {
  readonly raw: Buffer;
  readonly frameBytes: number;
  readonly plaintextLength: number;
}

export const frameCount = (plaintextLength: number, frameBytes: number) => Math.max(1, Math.ceil(plaintextLength / frameBytes));

export const segmentLength = (plaintextLength: number, frameBytes = DEFAULT_FRAME_BYTES) =>
  HEADER_BYTES + plaintextLength + TAG_BYTES * frameCount(plaintextLength, frameBytes);

export const frameNonce = (index: number) => {
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
};

export const frameAad = (header: Buffer, index: number, final: boolean) => {
  const aad = Buffer.alloc(header.length + 9);
  header.copy(aad);
  aad.writeBigUInt64BE(BigInt(index), header.length);
  aad[header.length + 8] = final ? 1 : 0;
  return aad;
};

export class CorruptObjectError extends Error {}

export class MasterKey {
  readonly id: Buffer;

  private constructor(private readonly key: Buffer) {
    this.id = createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);
  }

  static fromBytes(key: Buffer): MasterKey {
    if (key.length !== KEY_BYTES) throw new Error(`a master key has ${KEY_BYTES} bytes`);
    return new MasterKey(key);
  }

  /**
   * The key file holds 64 hex digits, readable by this user only. It is created on first use;
   * losing it makes every stored object unreadable, as deleting a KMS key would.
   */
  static loadOrCreate(file: string, warn: (message: string) => void = () => undefined): MasterKey {
    try {
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if ((statSync(file).mode & 0o077) !== 0) {
      warn(`${file} was readable by others; its mode is now 0600`);
      chmodSync(file, 0o600);
    }
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 256-bit key in hex`);
    return new MasterKey(Buffer.from(hex, 'hex'));
  }

  /** A fresh data key and the segment header that carries it wrapped. */
  newSegment(plaintextLength: number, frameBytes = DEFAULT_FRAME_BYTES): { dataKey: Buffer; header: SegmentHeader } {
    const dataKey = randomBytes(KEY_BYTES);
    const raw = Buffer.alloc(HEADER_BYTES);
    let offset = MAGIC.copy(raw, 0);
    offset += this.id.copy(raw, offset);
    offset = raw.writeUInt32BE(frameBytes, offset);
    offset = raw.writeBigUInt64BE(BigInt(plaintextLength), offset);
    const nonce = randomBytes(NONCE_BYTES);
    offset += nonce.copy(raw, offset);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(raw.subarray(0, WRAP_AAD_BYTES));
    offset += Buffer.concat([cipher.update(dataKey), cipher.final()]).copy(raw, offset);
    cipher.getAuthTag().copy(raw, offset);
    return { dataKey, header: { raw, frameBytes, plaintextLength } };
  }

  /** Reads a header without unwrapping its key: enough to know the plaintext length. */
  static parseHeader(raw: Buffer): SegmentHeader {
    if (raw.length < HEADER_BYTES || !raw.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new CorruptObjectError('not an encrypted segment');
    }
    const frameBytes = raw.readUInt32BE(MAGIC.length + KEY_ID_BYTES);
    const length = raw.readBigUInt64BE(MAGIC.length + KEY_ID_BYTES + 4);
    if (frameBytes === 0 || length > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptObjectError('corrupt segment header');
    return { raw: Buffer.from(raw.subarray(0, HEADER_BYTES)), frameBytes, plaintextLength: Number(length) };
  }

  unwrap(header: SegmentHeader): Buffer {
    const raw = header.raw;
    if (!raw.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).equals(this.id)) {
      throw new CorruptObjectError('the segment was encrypted under another master key');
    }
    const nonce = raw.subarray(WRAP_AAD_BYTES, WRAP_AAD_BYTES + NONCE_BYTES);
    const wrapped = raw.subarray(WRAP_AAD_BYTES + NONCE_BYTES, WRAP_AAD_BYTES + NONCE_BYTES + KEY_BYTES);
    const tag = raw.subarray(HEADER_BYTES - TAG_BYTES, HEADER_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
      decipher.setAAD(raw.subarray(0, WRAP_AAD_BYTES));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(wrapped), decipher.final()]);
    } catch {
      throw new CorruptObjectError('the segment header failed authentication');
    }
  }
}
