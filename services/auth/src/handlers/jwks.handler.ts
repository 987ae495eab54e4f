import { Controller, Inject } from '@nestjs/common';
import { JwksContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { PUBLIC_JWKS } from '../auth.tokens.js';

/** The built-in issuer's public keys for the gateway's verifier (current and still-valid old keys). */
@Controller()
export class JwksHandler {
  constructor(@Inject(PUBLIC_JWKS) private readonly jwks: { keys: Record<string, unknown>[] }) {}

  @Handles(JwksContract)
  handle() {
    return this.jwks as { keys: { kty: string; kid: string }[] };
  }
}
