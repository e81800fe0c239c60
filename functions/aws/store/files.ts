import { contentClaimSchema, fileRecordSchema, keys, parseStored, rejectionSchema, SK_PREFIX, uploadIntentSchema, type FileRecord, type Rejection } from '../../core/model/index.ts';
import type { FileStatus, FileStore } from '../../core/ports.ts';
import { isConditionalCheckFailed } from '../dynamo.ts';
import { keyOf, type TableClient } from './table-client.ts';

/**
 * A client-year's committed files, the content each file owns, and the latest rejection of each.
 * A file's rows count only when its FILE record names their ingest id: rows are written first, the
 * FILE record is then switched with a conditional write. That makes a file all-or-nothing without
 * transactions (the local emulator has none).
 */
export class DynamoFileStore implements FileStore {
  constructor(private readonly table: TableClient) {}

  async getFile(clientId: string, year: number, fileName: string): Promise<FileRecord | undefined> {
    const key = keys.file(clientId, year, fileName);
    const item = await this.table.get(key);
    return item ? parseStored(fileRecordSchema, item.record, key, 'file record') : undefined;
  }

  async getFileStatus(clientId: string, year: number, fileName: string): Promise<FileStatus> {
    const fileKey = keys.file(clientId, year, fileName);
    const rejectionKey = keys.rejection(clientId, year, fileName);
    const intentKey = keys.upload(clientId, year, fileName);
    const [file, rejection, intent] = await this.table.batchGet([fileKey, rejectionKey, intentKey]);
    return {
      ...(file ? { record: parseStored(fileRecordSchema, file.record, fileKey, 'file record') } : {}),
      ...(rejection ? { rejection: parseStored(rejectionSchema, rejection.rejection, rejectionKey, 'rejection') } : {}),
      ...(intent ? { intent: parseStored(uploadIntentSchema, intent.intent, intentKey, 'upload intent') } : {}),
    };
  }

  /** The committed files of a client-year (the FILE records only). */
  async listFiles(clientId: string, year: number): Promise<FileRecord[]> {
    const items = await this.table.query(keys.clientYearPk(clientId, year), SK_PREFIX.file);
    return items.map((item) => parseStored(fileRecordSchema, item.record, keyOf(item), 'file record'));
  }

  /**
   * Switches the file to a new ingest, unless a newer upload of the same key already did.
   * Returns false when this upload is older than the committed one.
   */
  async commitFile(clientId: string, year: number, record: FileRecord): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put(
        { ...keys.file(clientId, year, record.fileName), sequencer: record.sequencer, record: fileRecordSchema.parse(record) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      ),
    );
  }

  /** Sets or clears the flag in place (no read-then-write): a newer commit meanwhile keeps everything else it wrote. */
  async setQuarantinePending(clientId: string, year: number, fileName: string, pending: boolean): Promise<void> {
    await this.table.conditional(() =>
      this.table.update(keys.file(clientId, year, fileName), {
        UpdateExpression: pending ? 'SET #r.#q = :t' : 'REMOVE #r.#q',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#r': 'record', '#q': 'quarantinePending' },
        values: pending ? { ':t': true } : undefined,
      }),
    );
  }

  /** Removes a file's record (its rows stop counting at once), unless a newer upload replaced it. */
  async removeFile(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean> {
    return this.table.conditional(() => this.table.delete(keys.file(clientId, year, fileName), { expression: 'sequencer <= :s', values: { ':s': sequencer } }));
  }

  /** Claims content for a file; returns the file that already owns identical content, if another one does. */
  async claimContent(clientId: string, year: number, sha256: string, fileName: string): Promise<string | undefined> {
    const key = keys.contentHash(clientId, year, sha256);
    try {
      await this.table.put({ ...key, fileName }, { expression: 'attribute_not_exists(pk) OR fileName = :f', values: { ':f': fileName } });
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const owner = await this.table.get(key);
      return owner ? parseStored(contentClaimSchema, owner, key, 'content claim').fileName : undefined;
    }
  }

  async releaseContent(clientId: string, year: number, sha256: string, fileName: string): Promise<void> {
    await this.table.conditional(() => this.table.delete(keys.contentHash(clientId, year, sha256), { expression: 'fileName = :f', values: { ':f': fileName } }));
  }

  async putRejection(clientId: string, year: number, rejection: Rejection): Promise<void> {
    await this.table.put({ ...keys.rejection(clientId, year, rejection.fileName), rejection: rejectionSchema.parse(rejection) });
  }

  async clearRejection(clientId: string, year: number, fileName: string): Promise<void> {
    await this.table.delete(keys.rejection(clientId, year, fileName));
  }

  async listRejections(clientId: string, year: number): Promise<Rejection[]> {
    const items = await this.table.query(keys.clientYearPk(clientId, year), SK_PREFIX.rejection);
    return items.map((item) => parseStored(rejectionSchema, item.rejection, keyOf(item), 'rejection'));
  }
}
