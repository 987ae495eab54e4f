/**
 * DynamoDB for the local stack: dynalite persisted under a directory. Tables become ACTIVE
 * at once (createTableMs: 0), which keeps starts and tests fast.
 */
import dynalite from 'dynalite';
import { exitWithParent, requiredArg } from './server-args.js';

const port = Number(requiredArg('--port'));
const path = requiredArg('--path');
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, '127.0.0.1', () => process.stdout.write(`dynalite listening on 127.0.0.1:${port}\n`));
exitWithParent(() => server.close());
