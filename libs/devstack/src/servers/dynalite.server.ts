/**
 * DynamoDB for the local stack: dynalite persisted under a directory. Tables become ACTIVE
 * at once (createTableMs: 0), which keeps starts and tests fast.
 */
import dynalite from 'dynalite';
import { exitWithParent, optionalArg, requiredArg } from './server-args.js';

const port = Number(requiredArg('--port'));
const path = requiredArg('--path');
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// Loopback unless told otherwise (the dev Kubernetes overlay serves other pods with --host 0.0.0.0).
const host = optionalArg('--host') ?? '127.0.0.1';
server.listen(port, host, () => process.stdout.write(`dynalite listening on ${host}:${port}\n`));
exitWithParent(() => server.close());
