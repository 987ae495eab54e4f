import { createCipheriv, createDecipheriv, type CipherGCM } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  CorruptObjectError,
  DEFAULT_FRAME_BYTES,
  HEADER_BYTES,
  MasterKey,
  TAG_BYTES,
  frameAad,
  frameCount,
  frameNonce,
  segmentLength,
  type SegmentHeader,
} from './envelope.js';

/** The body did not have the length its request declared (and signed). */
export class BodyLengthError extends Error {}

/**
 * Plaintext in, one segment out (header, then frames). The length is declared up front, as
 * S3 requires a Content-Length, so the header can be written first and the ciphertext length
 * is known before the first byte: the store receives an ordinary fixed-length PUT.
 */
export class SegmentEncryptor extends Transform {
  readonly ciphertextLength: number;
  private readonly header: SegmentHeader;
  private readonly dataKey: Buffer;
  private readonly frames: number;
  private cipher: CipherGCM;
  private frameIndex = 0;
  private frameFilled = 0;
  private received = 0;

  constructor(
    masterKey: MasterKey,
    private readonly plaintextLength: number,
    frameBytes = DEFAULT_FRAME_BYTES,
  ) {
    super();
    ({ dataKey: this.dataKey, header: this.header } = masterKey.newSegment(plaintextLength, frameBytes));
    this.frames = frameCount(plaintextLength, frameBytes);
    this.ciphertextLength = segmentLength(plaintextLength, frameBytes);
    this.push(this.header.raw);
    this.cipher = this.startFrame(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.received + chunk.length > this.plaintextLength) {
      callback(new BodyLengthError(`the body is longer than the declared ${this.plaintextLength} bytes`));
      return;
    }
    this.received += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameLength(this.frameIndex) - this.frameFilled, chunk.length - offset);
      const out = this.cipher.update(chunk.subarray(offset, offset + take));
      if (out.length) this.push(out);
      this.frameFilled += take;
      offset += take;
      if (this.frameFilled === this.frameLength(this.frameIndex)) this.finishFrame();
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.received !== this.plaintextLength) {
      callback(new BodyLengthError(`the body ended after ${this.received} of the declared ${this.plaintextLength} bytes`));
      return;
    }
    // Only an empty body gets here with a frame open: its single, empty, final frame.
    if (this.frameIndex < this.frames) this.finishFrame();
    this.dataKey.fill(0);
    callback();
  }

  private frameLength(index: number): number {
    const frameBytes = this.header.frameBytes;
    return index === this.frames - 1 ? this.plaintextLength - index * frameBytes : frameBytes;
  }

  private startFrame(index: number): CipherGCM {
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, frameNonce(index));
    cipher.setAAD(frameAad(this.header.raw, index, index === this.frames - 1));
    return cipher;
  }

  private finishFrame(): void {
    const tail = this.cipher.final();
    this.push(Buffer.concat([tail, this.cipher.getAuthTag()]));
    this.frameIndex += 1;
    this.frameFilled = 0;
    if (this.frameIndex < this.frames) this.cipher = this.startFrame(this.frameIndex);
  }
}

interface OpenSegment {
  readonly header: SegmentHeader;
  readonly key: Buffer;
  readonly frames: number;
  index: number;
}

/**
 * One or more segments in, plaintext out. A frame is released only after its tag verified, so
 * no unauthenticated byte reaches a client; a bad or truncated object errors the stream (the
 * HTTP response is then cut short of its Content-Length, which every client notices).
 */
export class SegmentDecryptor extends Transform {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private segment: OpenSegment | undefined;

  constructor(private readonly masterKey: MasterKey) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.queue.push(chunk);
    this.queued += chunk.length;
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.segment || this.queued > 0 ? new CorruptObjectError('the object ends inside a segment') : null);
  }

  private drain(): void {
    for (;;) {
      if (!this.segment) {
        if (this.queued < HEADER_BYTES) return;
        const header = MasterKey.parseHeader(this.takeBytes(HEADER_BYTES));
        this.segment = {
          header,
          key: this.masterKey.unwrap(header),
          frames: frameCount(header.plaintextLength, header.frameBytes),
          index: 0,
        };
        continue;
      }
      const { header, key, frames, index } = this.segment;
      const final = index === frames - 1;
      const plainBytes = final ? header.plaintextLength - index * header.frameBytes : header.frameBytes;
      if (this.queued < plainBytes + TAG_BYTES) return;
      const frame = this.takeBytes(plainBytes + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, frameNonce(index));
      decipher.setAAD(frameAad(header.raw, index, final));
      decipher.setAuthTag(frame.subarray(plainBytes));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(frame.subarray(0, plainBytes)), decipher.final()]);
      } catch {
        throw new CorruptObjectError(`frame ${index} failed authentication`);
      }
      if (plain.length) this.push(plain);
      this.segment.index += 1;
      if (final) {
        key.fill(0);
        this.segment = undefined;
      }
    }
  }

  private takeBytes(bytes: number): Buffer {
    const parts: Buffer[] = [];
    let needed = bytes;
    while (needed > 0) {
      const head = this.queue[0]!;
      if (head.length <= needed) {
        parts.push(head);
        this.queue.shift();
        needed -= head.length;
      } else {
        parts.push(head.subarray(0, needed));
        this.queue[0] = head.subarray(needed);
        needed = 0;
      }
    }
    this.queued -= bytes;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes);
  }
}

/**
 * The plaintext length of a stored object, from its segment headers alone (no decryption):
 * each header says how long its segment is, so the next header's offset is known.
 */
export async function plaintextLengthOf(
  ciphertextLength: number,
  readHeaderAt: (offset: number) => Promise<Buffer>,
): Promise<{ plaintextLength: number; segments: number }> {
  let offset = 0;
  let plaintextLength = 0;
  let segments = 0;
  while (offset < ciphertextLength) {
    if (ciphertextLength - offset < HEADER_BYTES) throw new CorruptObjectError('the object ends inside a segment header');
    const header = MasterKey.parseHeader(await readHeaderAt(offset));
    offset += segmentLength(header.plaintextLength, header.frameBytes);
    plaintextLength += header.plaintextLength;
    segments += 1;
  }
  if (offset !== ciphertextLength || segments === 0) throw new CorruptObjectError('the object is not a sequence of whole segments');
  return { plaintextLength, segments };
}
