/**
 * What may be remembered of a message. Presigned URLs (S3 signatures, anything with a signed or
 * expiring query) and checkout or billing-portal links are keys to act as the user: they are
 * never kept in memory, where a later reply could recall and repeat them.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
const SECRET_LINK = /X-Amz-|[?&](?:signature|sig|token|expires|credential|session_id)=|checkout|billing\/|\/portal|\/p\/session\//i;
export const LINK_PLACEHOLDER = '[link not kept]';

export function memorableText(text: string): string {
  return text.replace(URL_PATTERN, (url) => (SECRET_LINK.test(url) ? LINK_PLACEHOLDER : url));
}

/**
 * The plan's cap on remembered messages, kept cheaply: a user's memories are counted (a scan of
 * their keys in the store) when first seen and then every `rescanMs`, and counted up locally in
 * between; over the cap the oldest go. Replicas count only their own writes, so the store may
 * exceed the cap by what other replicas wrote until the next rescan.
 */
export class MemoryCap {
  private readonly estimates = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly store: { count(userId: string): Promise<number>; trim(userId: string, keep: number): Promise<number> },
    private readonly rescanMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call after `added` memories of the user were stored; answers how many old ones were forgotten. */
  async enforce(userId: string, cap: number | undefined, added: number): Promise<number> {
    if (cap === undefined) return 0;
    const known = this.estimates.get(userId);
    const at = this.now();
    let count = known && at - known.at < this.rescanMs ? known.count + added : await this.store.count(userId);
    let forgotten = 0;
    if (count > cap) {
      forgotten = await this.store.trim(userId, cap);
      count -= forgotten;
    }
    if (this.estimates.size > 10_000) this.estimates.clear();
    this.estimates.set(userId, { count, at: known && at - known.at < this.rescanMs ? known.at : at });
    return forgotten;
  }

  /** The user's memories were erased or changed from outside: count again next time. */
  forget(userId: string): void {
    this.estimates.delete(userId);
  }
}
