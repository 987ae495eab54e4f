import { contentTypeFor } from '../../../../automations/remote/content-types.js';
import { sizeFrom } from '../../slots.js';
import { indexOfWord, type Token } from '../../tokens.js';
import { type Message, type Candidate } from '../intent.js';

// Upload, upgrade, profile, memory search

const UPLOAD_WORDS = [
  'upload',
  'attach',
  'send',
  'link',
  'url',
  'file',
  'share',
  'transfer',
  'submit',
  'give',
  'store',
  'save',
  'put',
  'drop',
];

export function upload(m: Message): Candidate | undefined {
  const fileAt = m.tokens.findIndex((t) => t.kind === 'file');
  const uploadAt = indexOfWord(m.tokens, 'upload', 'attach');
  if (fileAt < 0 && uploadAt < 0) return undefined;
  if (fileAt >= 0 && uploadAt < 0 && !m.tokens.some((t) => UPLOAD_WORDS.includes(t.norm)) && m.tokens.length > 3) return undefined;
  const at = uploadAt >= 0 && (fileAt < 0 || uploadAt < fileAt) ? uploadAt : fileAt;
  return {
    strong: true,
    at: Math.min(at, indexOfWordFrom(m.tokens, 0, UPLOAD_WORDS) ?? at),
    build: () => {
      if (fileAt < 0)
        return {
          kind: 'ask',
          text: 'Which file would you like to upload? Tell me its name (for example "report.pdf").',
          pending: { name: 'request_upload_link', args: {}, missing: 'filename' },
        };
      const filename = m.tokens[fileAt]!.text;
      const size = sizeFrom(m.tokens);
      return {
        kind: 'calls',
        calls: [{ name: 'request_upload_link', args: { filename, contentType: contentTypeFor(filename), ...(size ? { size } : {}) } }],
      };
    },
  };
}

function indexOfWordFrom(tokens: readonly Token[], from: number, words: readonly string[]): number | undefined {
  const i = tokens.findIndex((t, k) => k >= from && words.includes(t.norm));
  return i >= 0 ? i : undefined;
}
