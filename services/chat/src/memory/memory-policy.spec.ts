import { MemoryCap, memorableText } from './memory-policy.js';

describe('what may be remembered', () => {
  it('drops presigned, checkout and portal links and keeps ordinary ones', () => {
    const text = [
      'Upload here: http://127.0.0.1:4568/tasksensei-files/u/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc',
      'pay at https://checkout.stripe.com/c/pay/cs_test_123 or http://localhost:8080/billing/local-checkout/cs_1',
      'my site is https://acme.example/about',
    ].join('\n');
    expect(memorableText(text)).toBe(
      ['Upload here: [link not kept]', 'pay at [link not kept] or [link not kept]', 'my site is https://acme.example/about'].join('\n'),
    );
  });
});

describe('the memory cap of a plan', () => {
  function store(initial: number) {
    let count = initial;
    const calls = { count: 0, trim: 0 };
    return {
      calls,
      add: (n: number) => (count += n),
      count: () => (calls.count++, Promise.resolve(count)),
      trim: (_: string, keep: number) => {
        calls.trim++;
        const gone = Math.max(0, count - keep);
        count -= gone;
        return Promise.resolve(gone);
      },
    };
  }

  it('counts once, then counts up, and forgets the oldest beyond the cap', async () => {
    const memories = store(4);
    const cap = new MemoryCap(memories, 60_000, () => 1_000);
    expect(await cap.enforce('u1', 6, 2)).toBe(0);
    memories.add(4);
    expect(await cap.enforce('u1', 6, 4)).toBe(2);
    expect(memories.calls).toEqual({ count: 1, trim: 1 });
    expect(await cap.enforce('u1', undefined, 2)).toBe(0);
  });
});
