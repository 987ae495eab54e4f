import { ErrorCode, ServiceError } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { RecordingSessions, tokenSet } from '../testing/token-sets.js';
import { SessionUse } from '../tokens/session-use.js';
import type { TokenEndpoint } from '../tokens/token-endpoint.js';
import { ExchangeUseCase } from './exchange.usecase.js';

function setup(exchangeCode: TokenEndpoint['exchangeCode']) {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const sessions = new RecordingSessions();
  const exchange = new ExchangeUseCase({ tokens: { exchangeCode }, sessionUse: new SessionUse({ sessions, clock }) });
  return { exchange, sessions };
}

const request = { code: 'code-1', code_verifier: 'verifier-1', redirect_uri: 'http://localhost:8080/callback' };

describe('exchange', () => {
  it('trades the code and its verifier for tokens, and notes the session as used now', async () => {
    const asked: unknown[] = [];
    const tokens = tokenSet({ sub: 'u-1', sid: 'g-1' }, 'refresh-1');
    const { exchange, sessions } = setup((params) => Promise.resolve(void asked.push(params)).then(() => tokens));

    await expect(exchange.execute(request)).resolves.toEqual(tokens);
    expect(asked).toEqual([{ code: 'code-1', codeVerifier: 'verifier-1', redirectUri: 'http://localhost:8080/callback' }]);
    expect(sessions.touched).toEqual([{ userId: 'u-1', sessionId: 'g-1', at: '2026-11-29T12:00:00.000Z' }]);
  });

  it("notes no session for an external issuer's token, which carries no sid", async () => {
    const { exchange, sessions } = setup(() => Promise.resolve(tokenSet({ sub: 'u-1' })));
    await exchange.execute(request);
    expect(sessions.touched).toEqual([]);
  });

  it("passes the issuer's refusal on and notes nothing", async () => {
    const { exchange, sessions } = setup(() => Promise.reject(new ServiceError(ErrorCode.ValidationFailed, 'invalid_grant')));
    await expect(exchange.execute(request)).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.ValidationFailed, message: 'invalid_grant' }),
    );
    expect(sessions.touched).toEqual([]);
  });
});
