import { packageVersion, runService } from '@tasksensei/platform';
import { UsersEnvSchema } from './config/users.env.js';
import { UsersModule } from './users.module.js';

await runService({
  name: 'users',
  version: packageVersion(import.meta.url),
  envSchema: UsersEnvSchema,
  module: (context) => UsersModule.forRoot(context),
});
