import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CorruptObjectError, HEADER_BYTES, MasterKey, segmentLength } from './envelope.js';
import { BodyLengthError, SegmentDecryptor, SegmentEncryptor, plaintextLengthOf } from './segment-cipher.js';

const FRAME = 1024;
const master = MasterKey.fromBytes(randomBytes(32));

/** Feeds `data` in uneven chunks, as a socket would. */
function chunked(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0, step = 1; offset < data.length; offset += step, step = (step * 7 + 3) % 2_000 || 1) {
    chunks.push(data.subarray(offset, offset + step));
  }
  return Readable.from(chunks);
}

const encrypt = (plain: Buffer, key = master) => buffer(chunked(plain).pipe(new SegmentEncryptor(key, plain.length, FRAME)));
const decrypt = (cipher: Buffer, key = master) => buffer(chunked(cipher).pipe(new SegmentDecryptor(key)));

describe('segment encryption (local encryption at rest)', () => {
  it.each([0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME + 17])('round-trips %i bytes, with the length it announced', async (size) => {
    const plain = randomBytes(size);
    const cipher = await encrypt(plain);
    expect(cipher.length).toBe(segmentLength(size, FRAME));
    expect(new SegmentEncryptor(master, size, FRAME).ciphertextLength).toBe(cipher.length);
    expect((await decrypt(cipher)).equals(plain)).toBe(true);
  });

  it('stores no plaintext: a recognisable body does not appear in its ciphertext', async () => {
    const plain = Buffer.from('TOP SECRET quarterly figures '.repeat(200));
    const cipher = await encrypt(plain);
    expect(cipher.includes(Buffer.from('TOP SECRET'))).toBe(false);
  });

  it('decrypts a multipart object: its parts are whole segments one after the other', async () => {
    const parts = [randomBytes(5 * FRAME), randomBytes(5 * FRAME), randomBytes(123)];
    const object = Buffer.concat(await Promise.all(parts.map((p) => encrypt(p))));
    expect((await decrypt(object)).equals(Buffer.concat(parts))).toBe(true);
    const read = (offset: number) => Promise.resolve(object.subarray(offset, offset + HEADER_BYTES));
    await expect(plaintextLengthOf(object.length, read)).resolves.toEqual({ plaintextLength: 10 * FRAME + 123, segments: 3 });
  });

  it.each([
    ['a flipped ciphertext byte', (c: Buffer) => c[HEADER_BYTES + 5]! ^ 1, HEADER_BYTES + 5],
    ['a flipped tag byte', (c: Buffer) => c[c.length - 1]! ^ 1, -1],
    ['a changed length in the header', (c: Buffer) => c[23]! ^ 1, 23],
  ])('refuses %s', async (_label, flip, position) => {
    const cipher = await encrypt(randomBytes(2 * FRAME + 9));
    const index = position < 0 ? cipher.length + position : position;
    cipher[index] = flip(cipher);
    await expect(decrypt(cipher)).rejects.toThrow(CorruptObjectError);
  });

  it('refuses a truncated object, and frames swapped between positions', async () => {
    const cipher = await encrypt(randomBytes(3 * FRAME));
    await expect(decrypt(cipher.subarray(0, cipher.length - 20))).rejects.toThrow(CorruptObjectError);
    const frame = FRAME + 16;
    const swapped = Buffer.concat([
      cipher.subarray(0, HEADER_BYTES),
      cipher.subarray(HEADER_BYTES + frame, HEADER_BYTES + 2 * frame),
      cipher.subarray(HEADER_BYTES, HEADER_BYTES + frame),
      cipher.subarray(HEADER_BYTES + 2 * frame),
    ]);
    await expect(decrypt(swapped)).rejects.toThrow(CorruptObjectError);
  });

  it('cannot be read with another master key', async () => {
    const cipher = await encrypt(randomBytes(100));
    await expect(decrypt(cipher, MasterKey.fromBytes(randomBytes(32)))).rejects.toThrow(/another master key/);
  });

  it('refuses a body shorter or longer than declared', async () => {
    await expect(buffer(Readable.from([randomBytes(10)]).pipe(new SegmentEncryptor(master, 11, FRAME)))).rejects.toThrow(BodyLengthError);
    await expect(buffer(Readable.from([randomBytes(12)]).pipe(new SegmentEncryptor(master, 11, FRAME)))).rejects.toThrow(BodyLengthError);
  });
});
