import { packageVersion, runService } from '@tasksensei/platform';
import { AuthModule } from './auth.module.js';
import { AuthEnvSchema } from './config/auth.env.js';

await runService({
  name: 'auth',
  version: packageVersion(import.meta.url),
  envSchema: AuthEnvSchema,
  module: (context) => AuthModule.forRoot(context),
});
