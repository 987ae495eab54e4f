import { packageVersion, runService } from '@tasksensei/platform';
import { FilesEnvSchema } from './config/files.env.js';
import { FilesModule } from './files.module.js';

await runService({
  name: 'files',
  version: packageVersion(import.meta.url),
  envSchema: FilesEnvSchema,
  module: (context) => FilesModule.forRoot(context),
});
