import { Controller, Inject } from '@nestjs/common';
import { AuthHttpContract, type HttpTunnelReply, type HttpTunnelRequest } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { PROVIDER_HTTP } from '../auth.tokens.js';
import type { ProviderHttp } from './provider-http.js';

/** Browser traffic for `/oidc/*`, tunnelled by the gateway, answered by the built-in provider. */
@Controller()
export class AuthHttpHandler {
  constructor(@Inject(PROVIDER_HTTP) private readonly http: ProviderHttp) {}

  @Handles(AuthHttpContract)
  handle(request: HttpTunnelRequest): Promise<HttpTunnelReply> {
    return this.http.dispatch(request);
  }
}
