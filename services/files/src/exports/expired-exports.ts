import type { ObjectStore } from '../storage/object.store.js';
import type { ExportRecord, ExportStore } from './export.repository.js';

/** Deletes a user's exports past their retention (object, then record); answers those still live. */
export async function dropExpiredExports(exports: ExportStore, objects: ObjectStore, userId: string, now: Date): Promise<ExportRecord[]> {
  const live: ExportRecord[] = [];
  for (const record of await exports.list(userId)) {
    if (record.expiresAt * 1000 > now.getTime()) {
      live.push(record);
      continue;
    }
    await objects.delete(record.key);
    await exports.remove(userId, record.exportId);
  }
  return live;
}
