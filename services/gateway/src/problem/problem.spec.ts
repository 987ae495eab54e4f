import { ErrorCode } from '@tasksensei/contracts';
import { problemForStatus, statusForCode } from './problem.js';

describe('service error codes to HTTP', () => {
  it.each([
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.UnsupportedMediaType, 415],
    [ErrorCode.RateLimited, 429],
    [ErrorCode.Unavailable, 503],
    [ErrorCode.Timeout, 504],
    [ErrorCode.Internal, 500],
  ])('%s is %i', (code, status) => {
    expect(statusForCode(code).status).toBe(status);
  });

  it('maps every code there is', () => {
    for (const code of Object.values(ErrorCode)) expect(() => statusForCode(code)).not.toThrow();
  });

  it('gives a plain status a typed problem', () => {
    expect(problemForStatus(413, 'too big')).toEqual({
      type: 'https://tasksensei.dev/problems/payload-too-large',
      title: 'Payload too large',
      status: 413,
      detail: 'too big',
    });
  });
});
