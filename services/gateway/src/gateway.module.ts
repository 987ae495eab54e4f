import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PlatformModule, type ProcessContext } from '@tasksensei/platform';
import { AccountDataController } from './account/account-data.controller.js';
import { RevocationList } from './auth/revocation-list.js';
import { AuthGuard } from './auth/auth.guard.js';
import { JwksSource } from './auth/jwks-source.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { LocalPagesController } from './billing/local-pages.controller.js';
import { CheckoutController } from './checkout/checkout.controller.js';
import { ChatController } from './chat/chat.controller.js';
import { ClientConfigController } from './client-config/client-config.controller.js';
import type { GatewayEnv } from './config/gateway.env.js';
import { FilesController } from './files/files.controller.js';
import { HealthController } from './health/health.controller.js';
import { MemoriesController } from './memories/memories.controller.js';
import { SystemHealthProbe } from './health/system-health.js';
import { PlansController } from './plans/plans.controller.js';
import { ProblemFilter } from './problem/problem.filter.js';
import { ServiceClient } from './services/service-client.js';
import { ProfileController } from './users/profile.controller.js';
import { SessionController } from './session/session.controller.js';
import { RecoveryController } from './account/recovery.controller.js';
import { SecurityController } from './account/security.controller.js';
import { DevMailController } from './dev-mail/dev-mail.controller.js';

@Module({})
export class GatewayModule {
  static forRoot(context: ProcessContext<GatewayEnv>): DynamicModule {
    const revocations = new RevocationList(context.logger);
    revocations.start(context.nc);
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot(context)],
      controllers: [
        HealthController,
        PlansController,
        ClientConfigController,
        SessionController,
        FilesController,
        ChatController,
        MemoriesController,
        ProfileController,
        CheckoutController,
        LocalPagesController,
        AccountDataController,
        RecoveryController,
        SecurityController,
        DevMailController,
      ],
      providers: [
        { provide: RevocationList, useValue: revocations },
        ServiceClient,
        SystemHealthProbe,
        JwksSource,
        TokenVerifier,
        AuthGuard,
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
