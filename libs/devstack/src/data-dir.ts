import { resolve } from 'node:path';

/** DATA_DIR as the operator meant it: an absolute path as given, a relative one from the current folder. */
export const dataDirFrom = (value: string, cwd = process.cwd()): string => resolve(cwd, value);
