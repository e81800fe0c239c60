import type { FileRecord } from '../core/model/index.ts';
import type { UploadKey } from '../core/model/index.ts';
import { audit, requestCompute } from './ingest-steps.ts';
import { otherSpellings } from './file-names.ts';
import type { IngestDeps, IngestOutcome, ObjectChange } from './ingest-types.ts';

/** Objects that left the uploads bucket, and rows that stop counting. */

/** The object is gone: its rows stop counting (this is how a participant's data is erased). */
export async function removeFile(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const existing = await deps.store.files.getFile(key.clientId, key.year, key.fileName);
  if (!existing) return { status: 'absent', fileName: key.fileName };
  // The object left because we moved a rejected re-upload to quarantine: the earlier rows stand.
  if (existing.quarantinePending) return { status: 'kept', fileName: key.fileName };
  // The name is still in the folder, written another way (NFC/NFD): the stored file is that object's.
  if ((await otherSpellings(deps, change.key)).length > 0) return { status: 'kept', fileName: key.fileName };
  await deps.store.state.bumpChangeSeq(key.clientId, key.year);
  const removed = await deps.store.files.removeFile(key.clientId, key.year, key.fileName, change.sequencer);
  if (!removed) return { status: 'stale', fileName: key.fileName };
  await deps.store.rows.deleteRowChunks(key.clientId, key.year, existing.fileId);
  await deps.store.files.releaseContent(key.clientId, key.year, existing.sha256, key.fileName);
  await audit(deps, key, 'erasure', { file: key.fileName, rows: existing.rows });
  await requestCompute(deps, key, change.startedAt);
  deps.logger.info('file removed', { file: key.fileName, rows: existing.rows });
  return { status: 'removed', fileName: key.fileName };
}

/** Removes a committed file's rows and record (a re-read that no longer reads). */
export async function dropRows(deps: IngestDeps, key: UploadKey, existing: FileRecord): Promise<void> {
  await deps.store.state.bumpChangeSeq(key.clientId, key.year);
  if (!(await deps.store.files.removeFile(key.clientId, key.year, existing.fileName, existing.sequencer))) return;
  await deps.store.rows.deleteRowChunks(key.clientId, key.year, existing.fileId);
  await deps.store.files.releaseContent(key.clientId, key.year, existing.sha256, existing.fileName);
  await audit(deps, key, 'erasure', { file: existing.fileName, rows: existing.rows, reread: true });
}

/** The commentary file is gone: the report goes back to having none. */
export async function removeCommentary(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const removed = await deps.store.commentary.deleteCommentary(key.clientId, key.year, change.sequencer);
  if (!removed) return { status: 'absent', fileName: key.fileName };
  await audit(deps, key, 'commentary', { file: key.fileName, removed: true });
  await requestCompute(deps, key, change.startedAt);
  return { status: 'removed', fileName: key.fileName };
}
