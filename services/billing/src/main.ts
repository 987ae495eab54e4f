import { packageVersion, runService } from '@tasksensei/platform';
import { BillingModule } from './billing.module.js';
import { BillingEnvSchema } from './config/billing.env.js';

await runService({
  name: 'billing',
  version: packageVersion(import.meta.url),
  envSchema: BillingEnvSchema,
  module: (context) => BillingModule.forRoot(context),
});
