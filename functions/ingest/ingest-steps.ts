import { randomUUID } from 'node:crypto';
import type { Actor } from '../aws/table.ts';
import type { ComputeRequest, UploadKey } from '../core/model/index.ts';
import type { IngestDeps } from './ingest-types.ts';

/** The small steps every ingest path ends with: asking for compute, the audit trail, the uploader. */

/**
 * A retry after a crash between a commit (or removal) and its compute request finds nothing left to
 * write: without this, the committed change would never be computed. A change not yet computed is
 * one whose sequence is above the computed one; asking again is harmless (compute is debounced).
 */
export async function requestComputeIfMissed(deps: IngestDeps, key: UploadKey): Promise<void> {
  const state = await deps.table.getState(key.clientId, key.year);
  if (state.changeSeq > state.computedSeq) await requestCompute(deps, key);
}

export async function requestCompute(deps: IngestDeps, key: UploadKey): Promise<void> {
  const seq = await deps.table.bumpChangeSeq(key.clientId, key.year);
  const request: ComputeRequest = { clientId: key.clientId, year: key.year, seq, deliver: true, force: false };
  await deps.computeQueue.send(request, deps.settings.coalesceSeconds);
}

/** `{ uploadedBy }` when the object arrived through a consultant's upload URL. */
export async function uploader(deps: IngestDeps, key: UploadKey, lastModified: Date | undefined): Promise<{ uploadedBy?: Actor }> {
  const uploadedBy = await deps.table.uploaderOf(key.clientId, key.year, key.fileName, lastModified ?? deps.now());
  return uploadedBy ? { uploadedBy } : {};
}

export async function audit(
  deps: IngestDeps,
  key: UploadKey,
  action: 'upload' | 'rejection' | 'erasure' | 'settings-change' | 'commentary',
  detail: Record<string, string | number | boolean>,
): Promise<void> {
  await deps.table.appendAudit(
    { clientId: key.clientId, at: deps.now().toISOString(), action, actor: 'pipeline', detail: { year: key.year, ...detail } },
    randomUUID(),
  );
}
