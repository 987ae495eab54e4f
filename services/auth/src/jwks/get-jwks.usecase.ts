/** The built-in issuer's public keys for the gateway's verifier (current and still-valid old keys). */
export class GetJwksUseCase {
  constructor(private readonly deps: { readonly jwks: { keys: Record<string, unknown>[] } }) {}

  execute(): { keys: { kty: string; kid: string }[] } {
    return this.deps.jwks as { keys: { kty: string; kid: string }[] };
  }
}
