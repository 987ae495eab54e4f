import { createLogger } from '@tasksensei/platform';
import { makePdf } from '../../../../../test/support/documents.js';
import type { ChatLimits } from '../../plans/plan-limits.js';
import type { DocumentChunk, DocumentChunkStore, DocumentHit } from '../chunks/document-chunk.js';
import type { DocumentEvents, IndexOutcome } from './document-events.js';
import type { FileSource, SourceFile } from './file-source.js';
import { IndexFileUseCase } from './index-file.usecase.js';

const USER = 'user-1';
const FILE = '0b8a0a5e-8a43-4a8e-9d7e-2b1f6d3c4e5f';

class MemoryChunks implements DocumentChunkStore {
  readonly chunks = new Map<string, DocumentChunk>();
  add(chunks: readonly DocumentChunk[]) {
    for (const c of chunks) this.chunks.set(c.id, c);
    return Promise.resolve();
  }
  search(): Promise<DocumentHit[]> {
    return Promise.resolve([]);
  }
  forgetFile(userId: string, fileId: string) {
    for (const [id, c] of this.chunks) if (c.userId === userId && c.fileId === fileId) this.chunks.delete(id);
    return Promise.resolve();
  }
  eraseUser(userId: string) {
    for (const [id, c] of this.chunks) if (c.userId === userId) this.chunks.delete(id);
    return Promise.resolve();
  }
}

class Files implements FileSource {
  exists = true;
  /** Deletes the file once the bytes were read (a delete racing the reading). */
  deleteAfterRead = false;
  constructor(
    public bytes: Uint8Array,
    public contentType: string,
  ) {}
  find(): Promise<SourceFile | undefined> {
    return Promise.resolve(
      this.exists
        ? { url: 'http://s3.test/x', filename: 'contract.pdf', contentType: this.contentType, size: this.bytes.length }
        : undefined,
    );
  }
  read(): Promise<Uint8Array> {
    if (this.deleteAfterRead) this.exists = false;
    return Promise.resolve(this.bytes);
  }
}

class Events implements DocumentEvents {
  readonly progress_: number[] = [];
  readonly finished_: IndexOutcome[] = [];
  progress(_u: string, _f: string, progress: number) {
    this.progress_.push(progress);
  }
  finished(_u: string, _f: string, _a: string, outcome: IndexOutcome) {
    this.finished_.push(outcome);
    return Promise.resolve();
  }
}

function setUp(files: Files, limits: Partial<ChatLimits> = {}) {
  const store = new MemoryChunks();
  const events = new Events();
  const plan: ChatLimits = { planId: 'free', planName: 'Free', messagesPerDay: 50, automations: [], ...limits };
  const useCase = new IndexFileUseCase(
    {
      source: files,
      store,
      events,
      limits: { limitsFor: () => Promise.resolve(plan) },
      clock: { now: () => new Date('2026-05-01T10:00:00Z') },
      logger: createLogger('index-spec', 'silent'),
    },
    { maxBytes: 1024 * 1024, chunkSize: 300, chunkOverlap: 30, batchSize: 2 },
  );
  const run = () =>
    useCase.execute({
      id: 'e1',
      type: 'file.uploaded',
      occurredAt: '2026-05-01T10:00:00Z',
      data: { userId: USER, fileId: FILE, size: files.bytes.length, contentType: files.contentType },
    });
  return { store, events, run };
}

const pages = (n: number) => Array.from({ length: n }, (_, i) => `Page ${i + 1} says the figure is ${1000 + i}. `.repeat(8));

describe('reading an uploaded file for the assistant', () => {
  it('stores passages with the owner, file, name and page, reports progress and ends indexed', async () => {
    const { store, events, run } = setUp(new Files(await makePdf(pages(3)), 'application/pdf'));
    await run();
    const stored = [...store.chunks.values()];
    expect(new Set(stored.map((c) => c.page))).toEqual(new Set([1, 2, 3]));
    expect(stored.every((c) => c.userId === USER && c.fileId === FILE && c.filename === 'contract.pdf')).toBe(true);
    expect(events.finished_).toEqual([expect.objectContaining({ status: 'indexed', chunks: stored.length, pages: 3 })]);
    expect(events.progress_[0]).toBe(0);
    expect(events.progress_.at(-1)).toBe(1);
    expect([...events.progress_].sort((a, b) => a - b)).toEqual(events.progress_);
  });

  it("reads only the plan's pages and says the file was read in part", async () => {
    const { store, events, run } = setUp(new Files(await makePdf(pages(5)), 'application/pdf'), { documentPagesPerFile: 2 });
    await run();
    expect(new Set([...store.chunks.values()].map((c) => c.page))).toEqual(new Set([1, 2]));
    expect(events.finished_[0]).toEqual(
      expect.objectContaining({ status: 'indexed', truncated: true, error: expect.stringContaining('Free plan reads 2 pages') }),
    );
  });

  it('reading a file again replaces its passages rather than adding to them', async () => {
    const files = new Files(await makePdf(pages(3)), 'application/pdf');
    const { store, run } = setUp(files);
    await run();
    files.bytes = await makePdf(pages(1));
    await run();
    expect(new Set([...store.chunks.values()].map((c) => c.page))).toEqual(new Set([1]));
  });

  it('a file deleted while it was read keeps no passages and reports nothing', async () => {
    const files = new Files(await makePdf(pages(2)), 'application/pdf');
    files.deleteAfterRead = true;
    const { store, events, run } = setUp(files);
    await run();
    expect(store.chunks.size).toBe(0);
    expect(events.finished_).toEqual([]);
  });

  it('stores a passage repeated word for word once', async () => {
    const { store, events, run } = setUp(new Files(new TextEncoder().encode('Invoice 2026-03 paid in full.\n'.repeat(200)), 'text/plain'));
    await run();
    const texts = [...store.chunks.values()].map((c) => c.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(events.finished_[0]).toEqual(expect.objectContaining({ status: 'indexed', chunks: texts.length }));
  });

  it('an unreadable file ends with its reason and no passages', async () => {
    const { store, events, run } = setUp(new Files(new Uint8Array([1, 2, 3]), 'image/png'));
    await run();
    expect(store.chunks.size).toBe(0);
    expect(events.finished_).toEqual([{ status: 'unsupported', error: expect.stringContaining('does not read this kind of file') }]);
  });
});
