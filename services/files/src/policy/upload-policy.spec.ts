import { downloadDisposition } from './content-disposition.js';
import { isAllowedType, isBlockedName, normaliseContentType } from './content-type.js';
import { MAX_FILENAME_BYTES, sanitiseFilename } from './filename.js';
import { partLength, planUpload } from './upload-plan.js';

describe('sanitiseFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\drivers\\etc\\hosts', 'hosts'],
    ['C:\\fakepath\\report.pdf', 'report.pdf'],
    ['/abs/path/photo.png', 'photo.png'],
    ['..', 'file'],
    ['...', 'file'],
    ['.bashrc', 'bashrc'],
    ['name. . .', 'name'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\nbreak\r\u0000.txt', 'linebreak.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['  spaced\u00A0\u3000name  .md', 'spaced name .md'],
    ['', 'file'],
  ])('%j -> %j', (raw, expected) => {
    expect(sanitiseFilename(raw)).toBe(expected);
  });

  it('keeps Unicode, composed (NFC), with emoji sequences intact', () => {
    expect(sanitiseFilename('Cafe\u0301 – 東京 👨‍👩‍👧.pdf')).toBe('Café – 東京 👨‍👩‍👧.pdf');
    expect(sanitiseFilename('\uD800broken.txt')).toBe('\uFFFDbroken.txt');
  });

  it('cuts to 255 bytes of UTF-8 between graphemes, keeping the extension', () => {
    const name = sanitiseFilename(`${'é'.repeat(200)}${'👍🏽'.repeat(50)}.docx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name).not.toMatch(/\uFFFD/);
    expect(
      [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(name)].every(
        ({ segment }) => segment === 'é' || segment === '👍🏽' || '.docx'.includes(segment),
      ),
    ).toBe(true);
  });
});

describe('content types', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['IMAGE/PNG', 'image/png'],
    ['text/plain; charset=UTF-8', 'text/plain; charset=utf-8'],
    ['application/pdf; name=x', 'application/pdf'],
    ['not a type', undefined],
    ['text/html<script>', undefined],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseContentType(raw)).toBe(expected);
  });

  it.each([
    'application/x-msdownload',
    'application/octet-stream',
    'text/html',
    'image/svg+xml',
    'application/xhtml+xml',
    'text/javascript',
    'application/x-sh',
    'application/xml',
  ])('refuses %s', (type) => expect(isAllowedType(type)).toBe(false));

  it.each(['application/pdf', 'image/jpeg', 'application/zip', 'text/csv', 'audio/mpeg', 'video/mp4', 'text/plain; charset=utf-8'])(
    'allows %s',
    (type) => expect(isAllowedType(type)).toBe(true),
  );

  it('refuses executable and page names whatever type they claim', () => {
    expect(isBlockedName('setup.EXE')).toBe(true);
    expect(isBlockedName('report.pdf.exe')).toBe(true);
    expect(isBlockedName('page.html')).toBe(true);
    expect(isBlockedName('logo.svg')).toBe(true);
    expect(isBlockedName('report.pdf')).toBe(false);
    expect(isBlockedName('README')).toBe(false);
  });
});

describe('downloadDisposition', () => {
  it('is inline for images and PDF, attachment for everything else', () => {
    expect(downloadDisposition('a.png', 'image/png')).toMatch(/^inline;/);
    expect(downloadDisposition('a.pdf', 'application/pdf')).toMatch(/^inline;/);
    expect(downloadDisposition('a.txt', 'text/plain; charset=utf-8')).toMatch(/^attachment;/);
    expect(downloadDisposition('a.mp4', 'video/mp4')).toMatch(/^attachment;/);
  });

  it('carries a UTF-8 name in filename* and an ASCII one in filename', () => {
    expect(downloadDisposition('Café "q" (1).zip', 'application/zip')).toBe(
      `attachment; filename="Cafe _q_ (1).zip"; filename*=UTF-8''Caf%C3%A9%20%22q%22%20%281%29.zip`,
    );
  });
});

describe('planUpload', () => {
  const settings = { multipartThresholdBytes: 8 * 1024 * 1024, partSizeBytes: 8 * 1024 * 1024 };

  it('uses one PUT up to the threshold and parts above it', () => {
    expect(planUpload(8 * 1024 * 1024, settings)).toEqual({ kind: 'single' });
    expect(planUpload(10 * 1024 * 1024, settings)).toEqual({ kind: 'multipart', partSize: 8 * 1024 * 1024, partCount: 2 });
    expect(partLength(10 * 1024 * 1024, 8 * 1024 * 1024, 2)).toBe(2 * 1024 * 1024);
  });

  it('grows the parts so a 5 TiB file fits in 10,000', () => {
    const plan = planUpload(5 * 1024 ** 4, settings);
    expect(plan.kind === 'multipart' && plan.partCount <= 10_000 && plan.partSize % (1024 * 1024) === 0).toBe(true);
  });
});
