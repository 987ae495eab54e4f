import { ModelError } from './agent-loop.js';
import { replyEnding, Stopped, whenAborted } from './reply-failure.js';

describe('how a reply that did not complete ends', () => {
  it('keeps what was streamed when the user stopped it, and says nothing more when another process took it over', () => {
    expect(replyEnding(new Stopped('user'), new Error('aborted'))).toEqual({ kind: 'stopped' });
    expect(replyEnding(new Stopped('lease-lost'), new Error('aborted'))).toEqual({ kind: 'lease-lost' });
  });

  it('fails a reply cut by a shutdown as interrupted, whatever the error', () => {
    expect(replyEnding(new Stopped('shutdown'), new ModelError(new Error('x')))).toMatchObject({
      kind: 'failed',
      code: 'reply_interrupted',
      outcome: 'interrupted',
      message: expect.stringContaining('send your message again'),
    });
  });

  it("tells a model that did not answer from the service's own failure", () => {
    expect(replyEnding(undefined, new ModelError(new Error('x')))).toMatchObject({
      kind: 'failed',
      code: 'model_unavailable',
      outcome: 'failed',
      message: expect.stringContaining('language model'),
    });
    expect(replyEnding(undefined, new Error('dynamodb down'))).toMatchObject({
      kind: 'failed',
      code: 'reply_failed',
      outcome: 'failed',
      message: 'Something went wrong while writing this reply.',
    });
  });

  it('settles a stop wait with the reason, already aborted or later', async () => {
    const aborted = new AbortController();
    aborted.abort(new Stopped('user'));
    await expect(whenAborted(aborted.signal)).rejects.toEqual(new Stopped('user'));
    const later = new AbortController();
    const waiting = whenAborted(later.signal);
    later.abort(new Stopped('shutdown'));
    await expect(waiting).rejects.toMatchObject({ why: 'shutdown' });
  });
});
