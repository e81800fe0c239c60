import { randomUUID } from 'node:crypto';
import type { ComputeRequest, UploadKey } from '../core/model/index.ts';
import type { IngestDeps } from './ingest-types.ts';

/** The small steps every ingest path ends with: asking for compute, the audit trail. */

/**
 * A retry after a crash between a commit (or removal) and its compute request finds nothing left to
 * write: without this, the committed change would never be computed. A change not yet computed is
 * one whose sequence is above the computed one; asking again is harmless (compute is debounced).
 */
export async function requestComputeIfMissed(deps: IngestDeps, key: UploadKey, since?: number): Promise<void> {
  const state = await deps.store.state.getState(key.clientId, key.year);
  if (state.changeSeq > state.computedSeq) await requestCompute(deps, key, since);
}

/**
 * Asks for the debounced compute. The window (COALESCE_SECONDS) runs from `since`, when ingest took the
 * change up and marked the client-year as changing, not from the end of the ingest, so a quick ingest
 * overlaps the wait. But the request is never due sooner after the ingest than the ingest took (up to the
 * whole window): ingests are slow when the ingest queue is busy, and then other files of the burst may still
 * wait in it, unmarked; a slow ingest leaves them the time the window left before. Time spent waiting in
 * the queue does not count (such a file has not marked its client-year yet). Without `since` the window
 * runs from now; it never exceeds the window.
 */
export async function requestCompute(deps: IngestDeps, key: UploadKey, since?: number): Promise<void> {
  const seq = await deps.store.state.bumpChangeSeq(key.clientId, key.year);
  const now = deps.now().getTime();
  const window = deps.settings.coalesceSeconds * 1000;
  const took = now - (since ?? now);
  const notBefore = Math.min(now + window, Math.max(now + Math.min(took, window), (since ?? now) + window));
  const request: ComputeRequest = { clientId: key.clientId, year: key.year, seq, notBefore, deliver: true, force: false };
  // SQS delays in whole seconds: the rest of the window, under a second, is waited out by compute.
  await deps.computeQueue.send(request, Math.floor((notBefore - now) / 1000));
}

export async function audit(
  deps: IngestDeps,
  key: UploadKey,
  action: 'upload' | 'rejection' | 'erasure' | 'settings-change' | 'commentary',
  detail: Record<string, string | number | boolean>,
): Promise<void> {
  await deps.store.audit.appendAudit(
    { clientId: key.clientId, at: deps.now().toISOString(), action, actor: 'pipeline', detail: { year: key.year, ...detail } },
    randomUUID(),
  );
}
