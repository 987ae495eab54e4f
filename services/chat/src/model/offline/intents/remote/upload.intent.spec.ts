import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { upload } from './upload.intent.js';

describe('the upload intent', () => {
  it('asks for an upload link with the size when one is said, and without it otherwise', () => {
    expect(built(upload, 'give me an upload link for photo.jpg, it is 3 MB')).toEqual({
      kind: 'calls',
      calls: [{ name: 'request_upload_link', args: { filename: 'photo.jpg', contentType: 'image/jpeg', size: 3 * 1024 ** 2 } }],
    });
    expect(built(upload, 'upload Vertrag.pdf')).toEqual({
      kind: 'calls',
      calls: [{ name: 'request_upload_link', args: { filename: 'Vertrag.pdf', contentType: 'application/pdf' } }],
    });
  });

  it('asks which file, and waits for its name in the next message', () => {
    expect(built(upload, 'I want to upload a file')).toEqual(
      expect.objectContaining({ kind: 'ask', pending: { name: 'request_upload_link', args: {}, missing: 'filename' } }),
    );
  });
});
