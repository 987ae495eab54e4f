import JSZip from 'jszip';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';

/**
 * Documents made in the test rather than committed as binaries: PDFs with pdf-lib (one string
 * per page, wrapped into lines), DOCX as the minimal Open XML package Word itself reads.
 */
export async function makePdf(pages: readonly string[], options: { encrypted?: boolean; imageOnly?: boolean } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    if (options.imageOnly) {
      // A drawn shape and no text: what a scanned page looks like to a text extractor.
      page.drawRectangle({ x: 50, y: 400, width: 300, height: 200 });
      continue;
    }
    let y = 790;
    for (const line of wrap(text, 90)) {
      page.drawText(line, { x: 40, y, size: 10, font });
      y -= 14;
      if (y < 40) break;
    }
  }
  if (options.encrypted) {
    // A Standard security handler whose user password is not empty: readers must ask for it.
    const encrypt = pdf.context.obj({
      Filter: 'Standard',
      V: 1,
      R: 2,
      Length: 40,
      P: -44,
      O: PDFString.of('x'.repeat(32)),
      U: PDFString.of('y'.repeat(32)),
    });
    pdf.context.trailerInfo.Encrypt = pdf.context.register(encrypt);
    pdf.context.trailerInfo.ID = pdf.context.obj([PDFString.of('0123456789abcdef'), PDFString.of('0123456789abcdef')]);
  }
  return pdf.save({ useObjectStreams: false });
}

export async function makeDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
