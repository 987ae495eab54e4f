import { packageVersion, runService } from '@tasksensei/platform';
import { ChatModule } from './chat.module.js';
import { ChatEnvSchema } from './config/chat.env.js';

await runService({
  name: 'chat',
  version: packageVersion(import.meta.url),
  envSchema: ChatEnvSchema,
  module: (context) => ChatModule.forRoot(context),
});
