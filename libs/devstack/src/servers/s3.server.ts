/** S3 for the local stack: s3rver with its objects under a directory. */
import S3rver from 's3rver';
import { exitWithParent, optionalArg, requiredArg } from './server-args.js';

const port = Number(requiredArg('--port'));
const directory = requiredArg('--path');
const bucket = optionalArg('--bucket');
const s3 = new S3rver({
  address: '127.0.0.1',
  port,
  directory,
  silent: true,
  ...(bucket ? { configureBuckets: [{ name: bucket }] } : {}),
});
await s3.run();
process.stdout.write(`s3rver listening on 127.0.0.1:${port}\n`);
exitWithParent(() => s3.close());
