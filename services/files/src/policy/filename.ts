/** A file name's limit on every common file system, and what S3 and browsers can carry. */
export const MAX_FILENAME_BYTES = 255;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A name safe to store, show and offer back as a download name:
 * - no path: only the last segment of `../../x`, `C:\fakepath\x` or `dir/x` is kept;
 * - Unicode kept, made safe: well-formed, NFC, without control characters, line separators or
 *   invisible format characters (bidi overrides such as `invoice\u202Efdp.exe`, zero-width
 *   spaces) except the joiners emoji and Persian need, other spaces folded to one;
 * - none of `<>:"|?*`, no leading dots (`.bashrc`, `..`) and no trailing dots or spaces;
 * - Windows device names (`CON`, `nul.txt`) prefixed, an empty result named `file`;
 * - at most `maxBytes` of UTF-8, cut between graphemes, keeping a short extension.
 */
export function sanitiseFilename(raw: string, maxBytes = MAX_FILENAME_BYTES): string {
  let name = raw.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, '')
    .replace(/(?![\u200C\u200D])\p{Cf}/gu, '')
    .replace(/\p{Zs}+/gu, ' ')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return truncateUtf8(name || 'file', maxBytes);
}

/** The extension in lower case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const budget = maxBytes - Buffer.byteLength(extension);
  let kept = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(extension ? name.slice(0, dot) : name)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > budget) break;
    kept += segment;
    bytes += size;
  }
  return `${kept.replace(/[\s.]+$/, '') || 'file'}${extension}`;
}
