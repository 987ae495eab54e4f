/**
 * `node services/auth/dist/rotate-keys.js [file]`: adds a new signing key in front of the old
 * ones (kept for verification). Restart the auth replicas afterwards; see docs/operations.md.
 */
import { join } from 'node:path';
import { systemClock } from '@tasksensei/platform';
import { rotateKeys } from './keys/key-store.js';

const file = process.argv[2] ?? process.env.OIDC_KEYS_FILE ?? join(process.env.DATA_DIR ?? '.data', 'auth', 'keys.json');
const keys = await rotateKeys(file, systemClock);
process.stdout.write(`rotated ${file}: signing with ${keys.keys[0]!.kid}, ${keys.keys.length - 1} older key(s) still published\n`);
