/** Ingest of programme descriptions (`<programme-id>.program.json`): stored per client-year and programme, like the commentary. */
import { programIdOfDesignFile, type ProgramDesign, type UploadKey } from '../core/model/index.ts';
import type { IngestDeps, IngestOutcome, ObjectChange } from './ingest-object.ts';

/** What ingest-object.ts lends this module: its audit trail and its compute requests. */
export interface ProgramDesignHooks {
  audit: (detail: Record<string, string | number | boolean>) => Promise<void>;
  requestCompute: () => Promise<void>;
}

/** Stores a parsed description; the same content again only remembers the newest upload (as for mappings and the commentary). */
export async function storeProgramDesign(
  deps: IngestDeps,
  change: ObjectChange,
  key: UploadKey,
  parsed: { programId: string; design: ProgramDesign },
  upload: { sha256: string; lastModified?: Date },
  hooks: ProgramDesignHooks,
): Promise<IngestOutcome> {
  const current = (await deps.store.programDesigns.getProgramDesigns(key.clientId, key.year)).find((d) => d.programId === parsed.programId);
  if (current?.sha256 === upload.sha256 && current.fileName === key.fileName) {
    if (current.sequencer < change.sequencer) await deps.store.programDesigns.putProgramDesign(key.clientId, key.year, { ...current, sequencer: change.sequencer });
    return { status: 'unchanged', fileName: key.fileName };
  }
  const stored = await deps.store.programDesigns.putProgramDesign(key.clientId, key.year, {
    programId: parsed.programId,
    fileName: key.fileName,
    sha256: upload.sha256,
    design: parsed.design,
    updatedAt: (upload.lastModified ?? deps.now()).toISOString(),
    sequencer: change.sequencer,
  });
  if (!stored) return { status: 'stale', fileName: key.fileName };
  await hooks.audit({ file: key.fileName, dataset: 'program', program: parsed.programId });
  await hooks.requestCompute();
  return { status: 'program', fileName: key.fileName };
}

/** The description file is gone: the report goes back to showing no design section for that programme. */
export async function removeProgramDesign(deps: IngestDeps, change: ObjectChange, key: UploadKey, hooks: ProgramDesignHooks): Promise<IngestOutcome> {
  const removed = await deps.store.programDesigns.deleteProgramDesign(key.clientId, key.year, programIdOfDesignFile(key.fileName), change.sequencer);
  if (!removed) return { status: 'absent', fileName: key.fileName };
  await hooks.audit({ file: key.fileName, dataset: 'program', removed: true });
  await hooks.requestCompute();
  return { status: 'removed', fileName: key.fileName };
}
