import { makeDocx, makePdf } from '../../../../../test/support/documents.js';
import { extractText } from './text-extractor.js';
import { UnreadableDocument } from './unreadable.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const utf8 = (s: string) => new TextEncoder().encode(s);

async function unreadable(promise: Promise<unknown>): Promise<UnreadableDocument> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableDocument);
  return error as UnreadableDocument;
}

describe('reading the text of a file', () => {
  it('reads a PDF page by page, with page numbers', async () => {
    const pdf = await makePdf(['Welcome to the handbook.', 'The late payment penalty is 4,200 EUR per month.', 'Holidays: 25 days.']);
    const document = await extractText(pdf, PDF);
    expect(document.totalPages).toBe(3);
    expect(document.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(document.pages[1]!.text).toContain('late payment penalty is 4,200 EUR');
    expect(document.truncated).toBe(false);
  });

  it('reads no more PDF pages than the plan allows, and says the file was cut short', async () => {
    const pdf = await makePdf(['one', 'two', 'three', 'four']);
    const document = await extractText(pdf, PDF, { maxPages: 2 });
    expect(document.pages.map((p) => p.text)).toEqual(['one', 'two']);
    expect(document.truncated).toBe(true);
  });

  it('reads no more characters than the plan allows', async () => {
    const document = await extractText(utf8('a'.repeat(50)), 'text/plain', { maxCharacters: 20 });
    expect(document.pages[0]!.text).toHaveLength(20);
    expect(document.truncated).toBe(true);
  });

  it('a password-protected PDF fails with a reason the user can act on', async () => {
    const pdf = await makePdf(['secret'], { encrypted: true });
    const error = await unreadable(extractText(pdf, PDF));
    expect(error.status).toBe('failed');
    expect(error.reason).toMatch(/password/i);
  });

  it('a scanned (image-only) PDF is unsupported: it has no text to read', async () => {
    const error = await unreadable(extractText(await makePdf(['', ''], { imageOnly: true }), PDF));
    expect(error.status).toBe('unsupported');
    expect(error.reason).toMatch(/scanned|no text/i);
  });

  it('a damaged PDF fails', async () => {
    const error = await unreadable(extractText(utf8('%PDF-1.7 this is not really a pdf'), PDF));
    expect(error.status).toBe('failed');
  });

  it('reads a Word document', async () => {
    const docx = await makeDocx(['Supplier: ACME Ltd.', 'Delivery within 14 days of the order.']);
    const document = await extractText(docx, DOCX);
    expect(document.pages[0]!.text).toContain('Delivery within 14 days');
    expect(document.pages[0]!.page).toBeUndefined();
  });

  it('reads text, Markdown, CSV and HTML (visible text only)', async () => {
    expect((await extractText(utf8('# Notes\r\nCall Sam'), 'text/markdown')).pages[0]!.text).toBe('# Notes\nCall Sam');
    expect((await extractText(utf8('sku,price\nA1,9.50'), 'text/csv; charset=utf-8')).pages[0]!.text).toContain('A1,9.50');
    const html = await extractText(
      utf8(
        '<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Prices</h1><p>Tea costs <b>3 EUR</b>.</p></body></html>',
      ),
      'text/html',
    );
    expect(html.pages[0]!.text).toContain('Tea costs 3 EUR.');
    expect(html.pages[0]!.text).not.toMatch(/alert|<b>/);
  });

  it('another kind of file is unsupported, naming what is read', async () => {
    const error = await unreadable(extractText(utf8('PK...'), 'application/zip'));
    expect(error.status).toBe('unsupported');
    expect(error.reason).toContain('PDF');
  });
});
