import { isDependencyUnavailable } from './dependency-errors.js';

describe('isDependencyUnavailable', () => {
  it('recognises a refused or reset connection, also wrapped in causes and aggregates', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4567'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(
      isDependencyUnavailable(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })),
    ).toBe(true);
    expect(isDependencyUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('Service Unavailable'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
  });

  it('leaves programming errors and refusals by a store alone (they are 500s or their own codes)', () => {
    expect(isDependencyUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyUnavailable(Object.assign(new Error('ValidationException'), { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });
});
