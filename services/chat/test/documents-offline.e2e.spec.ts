import { ListMessagesContract, type ChatEvent, type FileView } from '@tasksensei/contracts';
import { signUpAndLogin, type Session } from '../../../test/support/auth.js';
import { PENALTY, WIFI, contractPdf, notesText } from '../../../test/support/document-fixtures.js';
import { makePdf } from '../../../test/support/documents.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';
import { GatewayFiles } from '../../../test/support/gateway-files.js';
import { ChatClient } from './support/chat-client.js';

type Indexed = Extract<ChatEvent, { event: 'file.indexed' }>;
type Completed = Extract<ChatEvent, { event: 'message.completed' }>;

/**
 * The assistant reads a user's files (shared stack, offline model, offline embedding): uploads
 * through the gateway as a browser makes them, questions over the chat service's NATS API as
 * the gateway sends them, and the file list through the gateway.
 */
describe('the offline assistant answers from the user’s files', () => {
  let client: ChatClient;
  let alice: { session: Session; files: GatewayFiles };
  let bob: { session: Session; files: GatewayFiles };

  beforeAll(async () => {
    const gateway = testStack().gatewayUrl;
    client = await ChatClient.connect();
    const [a, b] = await Promise.all([signUpAndLogin(gateway, 'docs-alice'), signUpAndLogin(gateway, 'docs-bob')]);
    alice = { session: a, files: new GatewayFiles(gateway, a.accessToken) };
    bob = { session: b, files: new GatewayFiles(gateway, b.accessToken) };
    await Promise.all([client.listen(a.userId), client.listen(b.userId)]);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  const indexedEvent = (userId: string, fileId: string) =>
    client.waitFor(userId, (e): e is Indexed => e.event === 'file.indexed' && e.data.fileId === fileId, 60_000);
  async function listed(files: GatewayFiles, fileId: string): Promise<FileView | undefined> {
    const response = await files.list();
    expect(response.status).toBe(200);
    return response.body.find((f) => f.fileId === fileId);
  }

  it('reads an uploaded PDF and text file, answers from the PDF with its page, and forgets the PDF once it is deleted', async () => {
    const userId = alice.session.userId;
    const pdf = await alice.files.upload('service-agreement.pdf', 'application/pdf', await contractPdf());
    const notes = await alice.files.upload('office-notes.txt', 'text/plain', notesText());
    expect(pdf.indexStatus).toBe('pending');

    const [pdfIndexed, notesIndexed] = await Promise.all([indexedEvent(userId, pdf.fileId), indexedEvent(userId, notes.fileId)]);
    expect(pdfIndexed.data).toEqual(expect.objectContaining({ status: 'indexed', chunks: expect.any(Number) }));
    expect(notesIndexed.data.status).toBe('indexed');
    // Progress went to the owner's sockets before the end.
    const log = await client.listen(userId);
    expect(log.some((e) => e.event === 'file.indexing' && e.data.fileId === pdf.fileId)).toBe(true);
    await expectEventually(async () => expect((await listed(alice.files, pdf.fileId))?.indexStatus).toBe('indexed'), 20_000, 250);
    await expectEventually(async () => expect((await listed(alice.files, notes.fileId))?.indexStatus).toBe('indexed'), 20_000, 250);

    const answer = await client.chat(userId, 'What is the late payment penalty?');
    const completed = answer.terminal as Completed;
    expect(completed.event).toBe('message.completed');
    expect(completed.data.text).toContain(PENALTY);
    expect(completed.data.citations).toEqual([{ fileId: pdf.fileId, filename: 'service-agreement.pdf', page: 2 }]);
    // The history keeps them, for a page opened later.
    const history = await client.request(ListMessagesContract, { conversationId: answer.ack.conversationId }, userId);
    expect(history.at(-1)).toEqual(expect.objectContaining({ role: 'assistant', citations: completed.data.citations }));

    const wifi = (await client.chat(userId, "what's the guest wifi password?")).terminal as Completed;
    expect(wifi.data.text).toContain(WIFI);
    expect(wifi.data.citations).toEqual([{ fileId: notes.fileId, filename: 'office-notes.txt' }]);

    // Another user asking the same gets nothing of Alice's files.
    const other = (await client.chat(bob.session.userId, 'What is the late payment penalty?')).terminal as Completed;
    expect(other.data.text).not.toContain(PENALTY);
    expect(other.data.citations).toBeUndefined();

    expect((await alice.files.delete(pdf.fileId)).status).toBe(204);
    await expectEventually(
      async () => {
        const after = (await client.chat(userId, 'What is the late payment penalty?')).terminal as Completed;
        expect(after.data.text).not.toContain(PENALTY);
        expect(after.data.citations ?? []).not.toContainEqual(expect.objectContaining({ fileId: pdf.fileId }));
      },
      20_000,
      500,
    );
    // The text file is still known.
    const still = (await client.chat(userId, 'guest wifi password?')).terminal as Completed;
    expect(still.data.text).toContain(WIFI);
  }, 180_000);

  it('a password-protected PDF fails, a scan and an archive are unsupported, each with a reason', async () => {
    const userId = bob.session.userId;
    const locked = await bob.files.upload('locked.pdf', 'application/pdf', await makePdf(['secret'], { encrypted: true }));
    const scan = await bob.files.upload('scan.pdf', 'application/pdf', await makePdf(['', ''], { imageOnly: true }));
    const archive = await bob.files.upload(
      'photos.zip',
      'application/zip',
      new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
    );

    const [lockedEvent, scanEvent, archiveEvent] = await Promise.all([
      indexedEvent(userId, locked.fileId),
      indexedEvent(userId, scan.fileId),
      indexedEvent(userId, archive.fileId),
    ]);
    expect(lockedEvent.data).toEqual(expect.objectContaining({ status: 'failed', error: expect.stringMatching(/password/i) }));
    expect(scanEvent.data).toEqual(expect.objectContaining({ status: 'unsupported', error: expect.stringMatching(/scanned/i) }));
    expect(archiveEvent.data).toEqual(expect.objectContaining({ status: 'unsupported', error: expect.stringMatching(/PDF/) }));
    await expectEventually(
      async () => {
        const view = await listed(bob.files, locked.fileId);
        expect(view).toEqual(expect.objectContaining({ indexStatus: 'failed', indexError: expect.stringMatching(/password/i) }));
      },
      20_000,
      250,
    );
  }, 120_000);
});
