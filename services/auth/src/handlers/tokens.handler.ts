import { Controller, Inject } from '@nestjs/common';
import { ExchangeCodeContract, RefreshContract, RevokeContract, type TokenSet } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { TokenUseCases } from '../tokens/token.usecases.js';

@Controller()
export class TokensHandler {
  constructor(@Inject(TokenUseCases) private readonly tokens: TokenUseCases) {}

  @Handles(ExchangeCodeContract)
  exchange(request: { code: string; code_verifier: string; redirect_uri: string }): Promise<TokenSet> {
    return this.tokens.exchange(request.code, request.code_verifier, request.redirect_uri);
  }

  @Handles(RefreshContract)
  refresh(request: { refresh_token: string }): Promise<TokenSet> {
    return this.tokens.refresh(request.refresh_token);
  }

  @Handles(RevokeContract)
  async revoke(request: { refresh_token: string }): Promise<{ revoked: boolean }> {
    return { revoked: await this.tokens.revoke(request.refresh_token) };
  }
}
