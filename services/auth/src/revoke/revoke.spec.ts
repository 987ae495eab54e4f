import { RevokeUseCase } from './revoke.usecase.js';

describe('revoke', () => {
  it('revokes the refresh token at the issuer and says whether the issuer took it', async () => {
    const revoked: string[] = [];
    const known = new Set(['refresh-1']);
    const revoke = new RevokeUseCase({
      tokens: { revoke: (token) => Promise.resolve(void revoked.push(token)).then(() => known.delete(token)) },
    });

    await expect(revoke.execute({ refresh_token: 'refresh-1' })).resolves.toEqual({ revoked: true });
    await expect(revoke.execute({ refresh_token: 'refresh-1' })).resolves.toEqual({ revoked: false });
    expect(revoked).toEqual(['refresh-1', 'refresh-1']);
  });
});
