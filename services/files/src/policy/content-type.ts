import { extensionOf } from './filename.js';

const DOCUMENTS = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
  'application/epub+zip',
];
/** Raster images only: SVG can carry script. */
const IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/heic', 'image/heif', 'image/bmp', 'image/tiff'];
const ARCHIVES = [
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
  'application/vnd.rar',
  'application/x-rar-compressed',
];
const TEXT = ['text/plain', 'text/csv', 'text/markdown', 'text/tab-separated-values', 'text/calendar', 'text/vcard', 'application/json'];
const AUDIO = [
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/ogg',
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/webm',
  'audio/flac',
  'audio/x-m4a',
];
const VIDEO = ['video/mp4', 'video/webm', 'video/ogg', 'video/quicktime', 'video/mpeg', 'video/x-matroska', 'video/x-msvideo'];

/**
 * What may be stored: documents, images, archives, text, audio and video. Never executables or
 * scripts, never HTML, XML or SVG (a browser would run their script on the bucket's origin), and
 * not `application/octet-stream`, which is what an unknown binary, an executable included, is.
 */
export const ALLOWED_CONTENT_TYPES: ReadonlySet<string> = new Set([...DOCUMENTS, ...IMAGES, ...ARCHIVES, ...TEXT, ...AUDIO, ...VIDEO]);

/** Shown inline by a download; everything else is `Content-Disposition: attachment`. */
const INLINE_TYPES: ReadonlySet<string> = new Set([...IMAGES, 'application/pdf']);

/** Names a browser or desktop would run or render as a page, whatever type they claim. */
const BLOCKED_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'exe dll com bat cmd msi msp mst scr pif cpl sys drv ocx ps1 psm1 psd1 vbs vbe js jse mjs cjs wsf wsh wsc hta jar class ' +
    'sh bash zsh csh ksh fish command tool app apk ipa xap msix msixbundle appx appxbundle appimage deb rpm dmg pkg run elf ' +
    'bin out lnk reg inf scf url desktop gadget html htm xhtml shtml mht mhtml svg svgz xml xsl xslt php phtml asp aspx jsp ' +
    'py pyc pyw pl rb lua vb'
  ).split(' '),
);

/**
 * The stored, signed Content-Type: lower case, parameters dropped except a text type's charset.
 * Undefined when it is not a well-formed media type.
 */
export function normaliseContentType(raw: string): string | undefined {
  const [essence = '', ...parameters] = raw.split(';');
  const type = essence.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) return undefined;
  if (!type.startsWith('text/')) return type;
  const charset = parameters
    .map((p) => p.trim().toLowerCase().split('='))
    .find(([name]) => name === 'charset')?.[1]
    ?.replace(/^"|"$/g, '');
  return charset && /^[a-z0-9._-]{1,40}$/.test(charset) ? `${type}; charset=${charset}` : type;
}

export const isAllowedType = (contentType: string) => ALLOWED_CONTENT_TYPES.has(contentType.split(';')[0]!);
export const isBlockedName = (filename: string) => BLOCKED_EXTENSIONS.has(extensionOf(filename));
export const isInlineType = (contentType: string) => INLINE_TYPES.has(contentType.split(';')[0]!);
