/**
 * A file the assistant cannot read, with a reason its owner can act on. `unsupported`: a kind of
 * file it does not read (or one with no text, like a scan); `failed`: a kind it reads, but this
 * one could not be (damaged, password-protected).
 */
export class UnreadableDocument extends Error {
  constructor(
    readonly status: 'unsupported' | 'failed',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableDocument';
  }
}
