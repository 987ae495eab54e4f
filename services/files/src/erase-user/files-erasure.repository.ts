import { deleteKeys, keyOf, queryPartition, type Dynamo } from '@tasksensei/platform';

type Item = Record<string, unknown>;

/** The user's rows in the files tables, read and removed whatever state they are in. */
export class FilesErasureRepository {
  constructor(private readonly dynamo: Dynamo) {}

  fileRecords(userId: string): Promise<Item[]> {
    return queryPartition(this.dynamo, this.dynamo.table('files'), 'userId', userId);
  }

  exportRecords(userId: string): Promise<Item[]> {
    return queryPartition(this.dynamo, this.dynamo.table('exports'), 'userId', userId);
  }

  deleteFileRecords(items: readonly Item[]): Promise<number> {
    return deleteKeys(
      this.dynamo,
      this.dynamo.table('files'),
      items.map((i) => keyOf(i, 'userId', 'fileId')),
    );
  }

  deleteExportRecords(items: readonly Item[]): Promise<number> {
    return deleteKeys(
      this.dynamo,
      this.dynamo.table('exports'),
      items.map((i) => keyOf(i, 'userId', 'exportId')),
    );
  }

  deleteQuota(userId: string): Promise<number> {
    return deleteKeys(this.dynamo, this.dynamo.table('quotas'), [{ userId }]);
  }
}
