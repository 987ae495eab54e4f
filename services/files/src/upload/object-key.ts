import { sanitiseFilename } from '../policy/filename.js';

/**
 * The key's name segment stays shorter than the name itself may be: the local stack's store
 * keeps each object as a file whose name is this segment plus a 20-byte suffix, under the
 * 255-byte limit of file names on disk. S3 would take 1,024 bytes; the record keeps the full name.
 */
const KEY_NAME_MAX_BYTES = 200;

/** Every object key starts with it; in AWS the files role may list and touch nothing else (FilesKeyPrefix). */
export const OBJECT_KEY_PREFIX = 'users/';

/** Every object of a user lives under this prefix: their files and their account exports. */
export const userPrefix = (userId: string) => `${OBJECT_KEY_PREFIX}${encodeURIComponent(userId)}/`;

/** `users/{sub}/exports/{exportId}.zip`: an account export, beside the user's files. */
export const exportKey = (userId: string, exportId: string) => `${userPrefix(userId)}exports/${exportId}.zip`;

/** `users/{sub}/{fileId}/{safe-name}`: every key of a user under one prefix, a path segment each. */
export const objectKey = (userId: string, fileId: string, safeName: string) =>
  `${OBJECT_KEY_PREFIX}${encodeURIComponent(userId)}/${fileId}/${sanitiseFilename(safeName, KEY_NAME_MAX_BYTES)}`;
