import { createHash } from 'node:crypto';
import type { Actor, ComputeRequest, FileRecord } from '../core/model/index.ts';
import type { StoredChunk } from '../core/ports.ts';
import { packRows, unpackAssessments, unpackReactions, type RowChunk } from '../core/rows/chunks.ts';
import { RowKeyDigestBuilder } from '../core/rows/row-keys.ts';
import { pseudonym } from '../core/rows/pseudonymise.ts';
import type { ApiDeps } from './deps.ts';

export interface ErasureOutcome {
  /** Years whose rows held the person; each gets a new draft. */
  years: number[];
  rowsErased: number;
  filesChanged: number;
  versionsWithdrawn: number;
}

/**
 * Erases one person's rows in every year of a client: as respondent (who answered) and as the rated
 * leader. The raw id is pseudonymised exactly as ingest does, and never stored or logged. Each file
 * is rewritten under a new ingest id and switched with the same conditional commit ingest uses, so a
 * file is never half-erased; versions made before are withdrawn (docs/erasure.md).
 */
export async function eraseRespondent(deps: ApiDeps, clientId: string, rawId: string, actor: Actor): Promise<ErasureOutcome> {
  const target = pseudonym(await deps.pseudonymKey(), clientId, rawId);
  // Every computed year, with figures or not: a year with rows has been computed, and its files are what is read.
  const years = (await deps.store.metrics.listComputedYears(clientId)).map((computed) => computed.year);
  const outcome: ErasureOutcome = { years: [], rowsErased: 0, filesChanged: 0, versionsWithdrawn: 0 };
  for (const year of years) {
    const snapshot = await deps.store.rows.readClientYear(clientId, year);
    let erasedInYear = 0;
    for (const file of snapshot.files) {
      const chunks = snapshot.chunks.filter((c) => c.fileId === file.fileId && c.ingestId === file.ingestId);
      const erased = await rewriteWithout(deps, clientId, year, file, chunks, target);
      if (erased > 0) {
        erasedInYear += erased;
        outcome.filesChanged += 1;
      }
    }
    if (erasedInYear === 0) continue;
    outcome.years.push(year);
    outcome.rowsErased += erasedInYear;
    const at = deps.now().toISOString();
    outcome.versionsWithdrawn += await deps.store.reports.withdrawVersions(clientId, year, at);
    await deps.store.activity.putConsultantAction(clientId, year, { ...actor, at, action: 'erasure' });
    const seq = await deps.store.state.bumpChangeSeq(clientId, year);
    const request: ComputeRequest = { clientId, year, seq, deliver: true, force: false };
    await deps.computeQueue.send(request);
  }
  return outcome;
}

async function rewriteWithout(
  deps: ApiDeps,
  clientId: string,
  year: number,
  file: FileRecord,
  chunks: StoredChunk[],
  target: string,
): Promise<number> {
  let kept: number;
  let packed: RowChunk[];
  if (file.dataset === 'reaction') {
    const rows = chunks.flatMap((c) => (c.dataset === 'reaction' ? unpackReactions(c.columns()) : []));
    const remaining = rows.filter((row) => row.respondent !== target);
    if (remaining.length === rows.length) return 0;
    kept = remaining.length;
    packed = packRows('reaction', remaining);
  } else {
    const rows = chunks.flatMap((c) => (c.dataset === 'assessment' ? unpackAssessments(c.columns()) : []));
    const remaining = rows.filter((row) => row.respondent !== target && row.leader !== target);
    if (remaining.length === rows.length) return 0;
    kept = remaining.length;
    packed = packRows('assessment', remaining);
  }
  const erased = file.rows - kept;
  // A new ingest id: the old rows stay counted until the file record is switched to the new ones.
  const ingestId = createHash('sha256').update(`${file.ingestId}:erasure:${target}`).digest('hex').slice(0, 16);
  await deps.store.state.bumpChangeSeq(clientId, year);
  // The rewritten rows get their own row-key digest, so the erased rows' keys leave the digests too.
  const digest = new RowKeyDigestBuilder(file.dataset);
  for (const chunk of packed) digest.add(chunk);
  const chunkCount = await deps.store.rows.putRowChunks(clientId, year, file.fileId, ingestId, packed, () => digest.digest());
  const committed = await deps.store.files.commitFile(clientId, year, { ...file, ingestId, rows: kept, chunks: chunkCount });
  if (!committed) {
    // A newer upload of the file won meanwhile; its rows are what counts now (and are erased on a retry).
    await deps.store.rows.deleteIngestChunks(clientId, year, file.fileId, ingestId);
    throw new Error(`${file.fileName} changed while the erasure ran; ask for the erasure again`);
  }
  await deps.store.rows.deleteIngestChunks(clientId, year, file.fileId, file.ingestId);
  return erased;
}
