import * as client from 'openid-client';

export interface OidcClientOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** For the built-in issuer: answers its URLs in process. */
  readonly fetch?: client.CustomFetch;
}

/**
 * openid-client against whichever issuer is configured (built-in, Cognito, any OIDC), discovered
 * lazily and retried on failure, so the service starts even while an external issuer is down.
 */
export class OidcClient {
  private config?: Promise<client.Configuration>;

  constructor(private readonly options: OidcClientOptions) {}

  configuration(): Promise<client.Configuration> {
    this.config ??= this.discover().catch((error: unknown) => {
      this.config = undefined;
      throw error;
    });
    return this.config;
  }

  private async discover(): Promise<client.Configuration> {
    const insecure = new URL(this.options.issuer).protocol === 'http:';
    return client.discovery(new URL(this.options.issuer), this.options.clientId, undefined, client.None(), {
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      ...(this.options.fetch ? { [client.customFetch]: this.options.fetch } : {}),
      timeout: 10,
    });
  }
}
