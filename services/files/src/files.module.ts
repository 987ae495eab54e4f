import { Module, type DynamicModule } from '@nestjs/common';
import { createDynamo, dynamoCheck, type ProcessContext } from '@tasksensei/platform';
import type { FilesEnv } from './config/files.env.js';
import { createS3, ensureBucket, s3Check } from './storage/s3.client.js';

@Module({})
export class FilesModule {
  static async forRoot(context: ProcessContext<FilesEnv>): Promise<DynamicModule> {
    const { env } = context;
    const s3 = createS3(env);
    if (env.S3_CREATE_BUCKET) await ensureBucket(s3, env.S3_BUCKET);
    context.health.register('dynamodb', dynamoCheck(createDynamo(env))).register('s3', s3Check(s3, env.S3_BUCKET));
    return { module: FilesModule };
  }
}
