import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs } from '../aws/blobs.ts';
import { ObjectTooLargeError } from '../aws/blobs.ts';
import type { Mailer } from '../aws/mail.ts';
import type { StageQueue } from '../aws/queue.ts';
import type { Actor, EffektTable, FileRecord } from '../aws/table.ts';
import { buildMime } from '../core/email/mime.ts';
import { rejectionEmail } from '../core/email/texts.ts';
import { instrumentCatalog } from '../core/instruments/builtin.ts';
import {
  clientSettingsSchema,
  defaultClientSettings,
  isCommentaryFile,
  isMappingFile,
  isProgramDesignFile,
  MAX_PROBLEMS_LISTED,
  parseUploadKey,
  type ClientSettings,
  type ComputeRequest,
  type Problem,
  type UploadKey,
} from '../core/model/index.ts';
import { DEFAULT_PARSE_LIMITS, parseDataFile } from '../core/parse/index.ts';
import { packRowChunks } from '../core/rows/chunks.ts';
import { fileIdOf, sha256Hex } from '../core/rows/fingerprint.ts';
import { pseudonymiser } from '../core/rows/pseudonymise.ts';
import type { PseudonymSession, PseudonymThread } from './pseudonym-thread.ts';
import type { ProposedMapping } from '../core/parse/mapping/propose.ts';
import { removeProgramDesign, storeProgramDesign, type ProgramDesignHooks } from './program-design.ts';

export interface IngestDeps {
  table: EffektTable;
  blobs: Blobs;
  computeQueue: StageQueue;
  mailer: Mailer;
  pseudonymKey: () => Promise<Uint8Array>;
  /** Pseudonymises large files' respondent ids beside the parser; without it every id is hashed inline. */
  pseudonymThread?: PseudonymThread;
  settings: { uploadsBucket: string; quarantineBucket: string; senderEmail: string; coalesceSeconds: number; maxBytes?: number };
  logger: Logger;
  now: () => Date;
}

/**
 * Files from this size on have their respondent ids pseudonymised on the second thread while they are
 * parsed (~25k rows and up). Below it the ids are hashed inline after parsing: ~45 ms at most, less than
 * the thread's messaging and, once per container, its start would save.
 */
export const PARALLEL_PSEUDONYMS_MIN_BYTES = 1024 * 1024;

/** One change to an object in the uploads bucket, as an S3 event reports it. */
export interface ObjectChange {
  key: string;
  /** Zero-padded S3 sequencer: string order is event order for one key. */
  sequencer: string;
}

export type IngestOutcome =
  | { status: 'committed'; fileName: string; rows: number; replaced: boolean }
  | { status: 'unchanged' | 'stale' | 'removed' | 'kept' | 'absent'; fileName: string }
  | { status: 'settings' | 'instrument' | 'commentary' | 'program'; fileName: string }
  | { status: 'mapping'; fileName: string; reread: IngestOutcome[] }
  | { status: 'rejected'; fileName: string; problems: Problem[]; totalProblems: number; proposedMapping?: ProposedMapping }
  | { status: 'invalid-key'; message: string };

/**
 * Brings the stored rows for one upload key in line with what the uploads bucket holds now.
 * Reconciling with the bucket (instead of trusting the event) makes duplicate and out-of-order
 * events harmless: every event for a key converges to the same state.
 */
export async function ingestObject(deps: IngestDeps, change: ObjectChange, options: { reread?: boolean } = {}): Promise<IngestOutcome> {
  const parsedKey = parseUploadKey(change.key);
  if (!parsedKey.ok) return quarantineUnroutable(deps, change.key, parsedKey.message);
  const key = parsedKey.key;
  deps.logger.appendKeys({ clientId: key.clientId, year: key.year });

  const maxBytes = deps.settings.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes;
  let object;
  try {
    object = await deps.blobs.get(deps.settings.uploadsBucket, change.key, maxBytes);
  } catch (error) {
    if (!(error instanceof ObjectTooLargeError)) throw error;
    const mb = (maxBytes / 1024 / 1024).toFixed(0);
    return reject(deps, change, key, [
      {
        file: key.fileName,
        rule: 'file-too-large',
        message: `${key.fileName}: the file is ${(error.bytes / 1024 / 1024).toFixed(1)} MB, over the limit of ${mb} MB; split it into smaller files`,
      },
    ], 1);
  }
  if (!object) {
    if (isMappingFile(key.fileName)) return removeMapping(deps, change, key);
    if (isProgramDesignFile(key.fileName)) return removeProgramDesign(deps, change, key, programDesignHooks(deps, key));
    return isCommentaryFile(key.fileName) ? removeCommentary(deps, change, key) : removeFile(deps, change, key);
  }

  const sha256 = sha256Hex(object.bytes);
  const existing = await deps.table.getFile(key.clientId, key.year, key.fileName);
  const mappingFile = isMappingFile(key.fileName);
  // Read every time (a handful of small records): a mapping changed since the file was read decides how it reads now.
  const mappings = mappingFile ? [] : await deps.table.getMappings(key.clientId, key.year);
  if (existing && existing.sha256 === sha256 && !options.reread) {
    // Identical content again (a re-upload or a replayed event): only remember that this upload is
    // the newest, so an older delete event cannot remove it. Rows, figures and reports stay as they are.
    if (existing.sequencer < change.sequencer) {
      await deps.table.commitFile(key.clientId, key.year, { ...existing, sequencer: change.sequencer, quarantinePending: undefined });
    }
    await requestComputeIfMissed(deps, key);
    return { status: 'unchanged', fileName: key.fileName };
  }

  const ownInstruments = await deps.table.getClientInstruments(key.clientId);
  const pseudonyms: PseudonymSession | undefined =
    deps.pseudonymThread && object.bytes.byteLength >= PARALLEL_PSEUDONYMS_MIN_BYTES ? deps.pseudonymThread.session(await deps.pseudonymKey(), key.clientId) : undefined;
  const parsed = await parseDataFile({
    fileName: key.fileName,
    bytes: object.bytes,
    instruments: instrumentCatalog(ownInstruments),
    limits: { maxBytes },
    mappings: mappings.map((m) => ({ fileName: m.fileName, mapping: m.mapping })),
    ...(pseudonyms ? { onRespondent: pseudonyms.observe, onLeader: pseudonyms.observeLeader } : {}),
  });
  if (!parsed.ok) {
    // A file that read through a mapping no longer reads (its mapping changed or is gone): its rows stop
    // counting rather than standing on a mapping that no longer says so; the file goes to quarantine.
    if (options.reread && existing) await dropRows(deps, key, existing);
    return reject(deps, change, key, parsed.problems, parsed.totalProblems, parsed.proposedMapping, object.bytes);
  }

  if (parsed.kind === 'client') {
    const settings = clientSettingsSchema.safeParse({ ...parsed.settings, clientId: key.clientId });
    if (!settings.success || (parsed.settings.clientId && parsed.settings.clientId !== key.clientId)) {
      return reject(deps, change, key, [
        {
          file: key.fileName,
          rule: 'client-mismatch',
          column: 'clientId',
          value: parsed.settings.clientId,
          message: `${key.fileName}: clientId "${parsed.settings.clientId}" does not match the folder "${key.clientId}"`,
        },
      ], 1, undefined, object.bytes);
    }
    await deps.table.putSettings(settings.data);
    await audit(deps, key, 'settings-change', { file: key.fileName });
    await requestCompute(deps, key);
    return { status: 'settings', fileName: key.fileName };
  }
  if (parsed.kind === 'instrument') {
    await deps.table.putInstrument(key.clientId, parsed.instrument);
    await requestCompute(deps, key);
    return { status: 'instrument', fileName: key.fileName };
  }
  if (parsed.kind === 'mapping') {
    const previous = (await deps.table.getMappings(key.clientId, key.year)).find((m) => m.fileName === key.fileName);
    if (previous?.sha256 === sha256) {
      if (previous.sequencer < change.sequencer) await deps.table.putMapping(key.clientId, key.year, { ...previous, sequencer: change.sequencer });
      return { status: 'unchanged', fileName: key.fileName };
    }
    const stored = await deps.table.putMapping(key.clientId, key.year, {
      fileName: key.fileName,
      sha256,
      mapping: parsed.mapping,
      updatedAt: (object.lastModified ?? deps.now()).toISOString(),
      sequencer: change.sequencer,
    });
    if (!stored) return { status: 'stale', fileName: key.fileName };
    await audit(deps, key, 'upload', { file: key.fileName, dataset: 'mapping' });
    const reread = await rereadMappedFiles(deps, key);
    return { status: 'mapping', fileName: key.fileName, reread };
  }
  if (parsed.kind === 'commentary') {
    // The same text again (a re-upload or a replayed event): only remember the newest upload, as for mappings.
    const current = await deps.table.getCommentary(key.clientId, key.year);
    if (current?.sha256 === sha256) {
      if (current.sequencer < change.sequencer) await deps.table.putCommentary(key.clientId, key.year, { ...current, sequencer: change.sequencer });
      return { status: 'unchanged', fileName: key.fileName };
    }
    const stored = await deps.table.putCommentary(key.clientId, key.year, {
      markdown: parsed.markdown,
      sha256,
      fileName: key.fileName,
      updatedAt: (object.lastModified ?? deps.now()).toISOString(),
      sequencer: change.sequencer,
    });
    if (!stored) return { status: 'stale', fileName: key.fileName };
    await audit(deps, key, 'commentary', { file: key.fileName, characters: parsed.markdown.length });
    await requestCompute(deps, key);
    return { status: 'commentary', fileName: key.fileName };
  }

  if (parsed.kind === 'program') return storeProgramDesign(deps, change, key, parsed, { sha256, lastModified: object.lastModified }, programDesignHooks(deps, key));

  // A re-read (its mapping changed) keeps its own claim on the content.
  const owner = options.reread && existing?.sha256 === sha256 ? undefined : await deps.table.claimContent(key.clientId, key.year, sha256, key.fileName);
  if (owner !== undefined) {
    return reject(deps, change, key, [
      {
        file: key.fileName,
        rule: 'duplicate-content',
        message: `${key.fileName} has exactly the same content as ${owner}, which is already counted; it is not counted twice`,
      },
    ], 1, undefined, object.bytes);
  }

  // Mark the client-year as changing before writing, so a debounced compute waiting for an earlier
  // file does not run between this file's rows and its commit.
  await deps.table.bumpChangeSeq(key.clientId, key.year);
  const rawRows = parsed.rows;
  const fileId = fileIdOf(key.fileName);
  const mappingUsed = parsed.mapping === undefined ? undefined : mappings.find((m) => m.fileName === parsed.mapping);
  // Read through a mapping, the same bytes give other rows when the mapping changes: the ingest is named by both.
  const ingestId = mappingUsed === undefined ? sha256.slice(0, 16) : sha256Hex(new TextEncoder().encode(`${sha256}\u0000${mappingUsed.sha256}`)).slice(0, 16);
  // Respondent and leader ids are pseudonymised as the rows are packed: no raw id reaches a chunk. Both
  // with the same key and function, so a person gets one pseudonym whether answering or rated.
  const [pseudonymOf, leaderPseudonymOf] = pseudonyms ? [pseudonyms.pseudonymOf, pseudonyms.leaderPseudonymOf] : inlinePseudonymisers(await deps.pseudonymKey(), key.clientId);
  // Chunks are packed as the writers take them: packing (and hashing ids) overlaps the writes. With the
  // thread, each chunk is packed once its ids are hashed, while the thread is still on later ones.
  const packed =
    parsed.kind === 'reaction' ? packRowChunks('reaction', parsed.rows, pseudonymOf) : packRowChunks('assessment', parsed.rows, pseudonymOf, leaderPseudonymOf);
  const chunks = pseudonyms ? pseudonyms.paced(packed) : packed;
  const chunkCount = await deps.table.putRowChunks(key.clientId, key.year, fileId, ingestId, chunks);

  // The earliest and latest date in one pass (ISO dates compare as text), instead of sorting every row's date.
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (let i = 0; i < rawRows.length; i++) {
    const date = rawRows[i]!.date;
    if (date.length === 0) continue;
    if (firstDate === null || date < firstDate) firstDate = date;
    if (lastDate === null || date > lastDate) lastDate = date;
  }
  const record: FileRecord = {
    fileName: key.fileName,
    dataset: parsed.kind,
    sha256,
    ingestId,
    fileId,
    rows: rawRows.length,
    chunks: chunkCount,
    uploadedAt: (object.lastModified ?? deps.now()).toISOString(),
    firstDate,
    lastDate,
    sequencer: change.sequencer,
    ...(await uploader(deps, key, object.lastModified)),
    ...(mappingUsed ? { mapping: { fileName: mappingUsed.fileName, sha256: mappingUsed.sha256 } } : {}),
  };
  const committed = await deps.table.commitFile(key.clientId, key.year, record);
  if (!committed) {
    // A newer upload of this key won; our rows must not linger unless they are its rows too. Only our
    // own ingest's rows go: another upload of this key may have written rows it has not committed yet.
    const winner = await deps.table.getFile(key.clientId, key.year, key.fileName);
    if (winner?.ingestId !== ingestId) await deps.table.deleteIngestChunks(key.clientId, key.year, fileId, ingestId);
    await deps.table.releaseContent(key.clientId, key.year, sha256, key.fileName);
    return { status: 'stale', fileName: key.fileName };
  }
  const replaced = existing !== undefined && existing.ingestId !== ingestId;
  if (replaced) {
    // Exactly the replaced ingest's rows: "all but ours" would also delete the rows of a newer upload
    // of this key that is between its row writes and its commit, leaving its file without rows.
    await deps.table.deleteIngestChunks(key.clientId, key.year, fileId, existing.ingestId);
    // A re-read of the same bytes (its mapping changed) keeps its claim on the content.
    if (existing.sha256 !== sha256) await deps.table.releaseContent(key.clientId, key.year, existing.sha256, key.fileName);
  }
  await deps.table.clearRejection(key.clientId, key.year, key.fileName);
  await audit(deps, key, 'upload', { file: key.fileName, rows: rawRows.length, dataset: parsed.kind, replaced });
  await requestCompute(deps, key);
  deps.logger.info('file committed', {
    file: key.fileName,
    rows: rawRows.length,
    chunks: chunkCount,
    replaced,
    ...(pseudonyms ? { pseudonymThread: true, pseudonymsHashedInline: pseudonyms.inlineHashes } : {}),
  });
  return { status: 'committed', fileName: key.fileName, rows: rawRows.length, replaced };
}

/** A respondent and a leader pseudonymiser with one key: each remembers the previous id of its own sequence. */
function inlinePseudonymisers(pseudonymKey: Uint8Array, clientId: string): [(respondent: string) => string, (leader: string) => string] {
  return [pseudonymiser(pseudonymKey, clientId), pseudonymiser(pseudonymKey, clientId)];
}

/** The object is gone: its rows stop counting (this is how a participant's data is erased). */
async function removeFile(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const existing = await deps.table.getFile(key.clientId, key.year, key.fileName);
  if (!existing) {
    await requestComputeIfMissed(deps, key);
    return { status: 'absent', fileName: key.fileName };
  }
  // The object left because we moved a rejected re-upload to quarantine: the earlier rows stand.
  if (existing.quarantinePending) return { status: 'kept', fileName: key.fileName };
  await deps.table.bumpChangeSeq(key.clientId, key.year);
  const removed = await deps.table.removeFile(key.clientId, key.year, key.fileName, change.sequencer);
  if (!removed) return { status: 'stale', fileName: key.fileName };
  await deps.table.deleteRowChunks(key.clientId, key.year, existing.fileId);
  await deps.table.releaseContent(key.clientId, key.year, existing.sha256, key.fileName);
  await audit(deps, key, 'erasure', { file: key.fileName, rows: existing.rows });
  await requestCompute(deps, key);
  deps.logger.info('file removed', { file: key.fileName, rows: existing.rows });
  return { status: 'removed', fileName: key.fileName };
}

/**
 * Re-reads every committed file that was read through this mapping (it changed or is gone), from the
 * uploads bucket, so the stored rows are what the mapping now says; each makes its own compute request.
 */
async function rereadMappedFiles(deps: IngestDeps, key: UploadKey): Promise<IngestOutcome[]> {
  const files = (await deps.table.listFiles(key.clientId, key.year)).filter((f) => f.mapping?.fileName === key.fileName);
  const outcomes: IngestOutcome[] = [];
  for (const file of files.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))) {
    outcomes.push(await ingestObject(deps, { key: `${key.clientId}/${key.year}/${file.fileName}`, sequencer: file.sequencer }, { reread: true }));
  }
  if (files.length === 0) await requestComputeIfMissed(deps, key);
  return outcomes;
}

/** Removes a committed file's rows and record (a re-read that no longer reads). */
async function dropRows(deps: IngestDeps, key: UploadKey, existing: FileRecord): Promise<void> {
  await deps.table.bumpChangeSeq(key.clientId, key.year);
  if (!(await deps.table.removeFile(key.clientId, key.year, existing.fileName, existing.sequencer))) return;
  await deps.table.deleteRowChunks(key.clientId, key.year, existing.fileId);
  await deps.table.releaseContent(key.clientId, key.year, existing.sha256, existing.fileName);
  await audit(deps, key, 'erasure', { file: existing.fileName, rows: existing.rows, reread: true });
}

/** The mapping file is gone: it reads nothing more, and the files it read are read again without it. */
async function removeMapping(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const removed = await deps.table.deleteMapping(key.clientId, key.year, key.fileName, change.sequencer);
  if (!removed) {
    await requestComputeIfMissed(deps, key);
    return { status: 'absent', fileName: key.fileName };
  }
  await audit(deps, key, 'erasure', { file: key.fileName, dataset: 'mapping' });
  const reread = await rereadMappedFiles(deps, key);
  return { status: 'mapping', fileName: key.fileName, reread };
}

/** The commentary file is gone: the report goes back to having none. */
async function removeCommentary(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const removed = await deps.table.deleteCommentary(key.clientId, key.year, change.sequencer);
  if (!removed) {
    await requestComputeIfMissed(deps, key);
    return { status: 'absent', fileName: key.fileName };
  }
  await audit(deps, key, 'commentary', { file: key.fileName, removed: true });
  await requestCompute(deps, key);
  return { status: 'removed', fileName: key.fileName };
}

/**
 * A retry after a crash between a commit (or removal) and its compute request finds nothing left to
 * write: without this, the committed change would never be computed. A change not yet computed is
 * one whose sequence is above the computed one; asking again is harmless (compute is debounced).
 */
async function requestComputeIfMissed(deps: IngestDeps, key: UploadKey): Promise<void> {
  const state = await deps.table.getState(key.clientId, key.year);
  if (state.changeSeq > state.computedSeq) await requestCompute(deps, key);
}

function programDesignHooks(deps: IngestDeps, key: UploadKey): ProgramDesignHooks {
  return { audit: (detail) => audit(deps, key, 'upload', detail), requestCompute: () => requestCompute(deps, key), requestComputeIfMissed: () => requestComputeIfMissed(deps, key) };
}

async function requestCompute(deps: IngestDeps, key: UploadKey): Promise<void> {
  const seq = await deps.table.bumpChangeSeq(key.clientId, key.year);
  const request: ComputeRequest = { clientId: key.clientId, year: key.year, seq, deliver: true, force: false };
  await deps.computeQueue.send(request, deps.settings.coalesceSeconds);
}

/**
 * Refuses the whole file: nothing of it counts. The file moves to quarantine with an error report
 * beside it, the rejection is recorded, and the client's consultant is told what to fix.
 */
async function reject(
  deps: IngestDeps,
  change: ObjectChange,
  key: UploadKey,
  problems: Problem[],
  totalProblems: number,
  proposedMapping?: ProposedMapping,
  /** The file's bytes when ingest has read them: written to quarantine as they are, no server-side copy. */
  held?: Uint8Array,
): Promise<IngestOutcome> {
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
  const rejectedAt = deps.now().toISOString();
  const quarantineKey = change.key;
  const existing = await deps.table.getFile(key.clientId, key.year, key.fileName);
  if (existing && !existing.quarantinePending) await deps.table.setQuarantinePending(key.clientId, key.year, key.fileName, true);

  // A copy names its source in a URL-encoded header, which not every S3 (the local emulator) decodes for
  // names with ; + # ? =: the bytes already read are written instead. Only a file too large to read is copied.
  if (held) await deps.blobs.put(deps.settings.quarantineBucket, quarantineKey, held, 'application/octet-stream');
  else await deps.blobs.copy(deps.settings.uploadsBucket, change.key, deps.settings.quarantineBucket, quarantineKey);
  const report = { file: key.fileName, key: change.key, rejectedAt, totalProblems, problems: listed };
  await deps.blobs.put(deps.settings.quarantineBucket, `${quarantineKey}.errors.json`, JSON.stringify(report, null, 2), 'application/json');
  const uploadedBy = await deps.table.uploaderOf(key.clientId, key.year, key.fileName, deps.now());
  // The proposed mapping for an export no mapping fits: beside the refused file, in the rejection record (the console offers it) and in the e-mail.
  if (proposedMapping) await deps.blobs.put(deps.settings.quarantineBucket, `${quarantineKey}.proposed.mapping.json`, proposedMapping.json, 'application/json');
  await deps.table.putRejection(key.clientId, key.year, {
    fileName: key.fileName,
    rejectedAt,
    problems: listed,
    totalProblems,
    quarantineKey,
    ...(uploadedBy ? { uploadedBy } : {}),
    ...(proposedMapping ? { proposedMapping: { fileName: proposedMapping.fileName, json: proposedMapping.json } } : {}),
  });
  await deps.blobs.delete(deps.settings.uploadsBucket, change.key);
  await audit(deps, key, 'rejection', { file: key.fileName, problems: totalProblems, rule: listed[0]?.rule ?? 'unknown' });

  const settings: ClientSettings = (await deps.table.getSettings(key.clientId)) ?? defaultClientSettings(key.clientId);
  // The consultant who uploaded the file through an upload URL hears about it; otherwise consultantContact.
  const recipient = uploadedBy?.email ?? settings.consultantContact;
  if (recipient) {
    const text = rejectionEmail({
      locale: settings.consultantLocale,
      clientName: settings.displayName,
      clientId: key.clientId,
      year: key.year,
      fileName: key.fileName,
      problems: listed,
      totalProblems,
    });
    const mime = await buildMime({
      from: { name: 'Effekt', address: deps.settings.senderEmail },
      to: [recipient],
      subject: text.subject,
      text: text.text,
      // The problems are in the body; the proposed mapping, when there is one, is the file to correct and upload.
      attachments: proposedMapping ? [{ filename: proposedMapping.fileName, content: Buffer.from(proposedMapping.json), contentType: 'application/json' }] : [],
    });
    await deps.mailer.sendRaw(mime, deps.settings.senderEmail, [recipient], key.clientId);
  }
  deps.logger.warn('file rejected', { file: key.fileName, problems: totalProblems, firstRule: listed[0]?.rule });
  return { status: 'rejected', fileName: key.fileName, problems: listed, totalProblems, ...(proposedMapping ? { proposedMapping } : {}) };
}

/** A key outside `<client>/<year>/` cannot be routed to a client: quarantine it with the reason. */
async function quarantineUnroutable(deps: IngestDeps, objectKey: string, message: string): Promise<IngestOutcome> {
  const exists = await deps.blobs.exists(deps.settings.uploadsBucket, objectKey);
  if (exists) {
    const target = `unroutable/${objectKey}`;
    await deps.blobs.copy(deps.settings.uploadsBucket, objectKey, deps.settings.quarantineBucket, target);
    const report = { key: objectKey, rejectedAt: deps.now().toISOString(), problems: [{ file: objectKey, rule: 'key-layout', message }] };
    await deps.blobs.put(deps.settings.quarantineBucket, `${target}.errors.json`, JSON.stringify(report, null, 2), 'application/json');
    await deps.blobs.delete(deps.settings.uploadsBucket, objectKey);
  }
  deps.logger.warn('upload key rejected', { reason: 'key-layout' });
  return { status: 'invalid-key', message };
}

/** `{ uploadedBy }` when the object arrived through a consultant's upload URL. */
async function uploader(deps: IngestDeps, key: UploadKey, lastModified: Date | undefined): Promise<{ uploadedBy?: Actor }> {
  const uploadedBy = await deps.table.uploaderOf(key.clientId, key.year, key.fileName, lastModified ?? deps.now());
  return uploadedBy ? { uploadedBy } : {};
}

async function audit(
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
