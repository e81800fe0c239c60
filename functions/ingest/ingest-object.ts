import { ObjectTooLargeError, type StoredObject } from '../aws/blobs.ts';
import { instrumentCatalog } from '../core/instruments/builtin.ts';
import {
  clientSettingsSchema,
  isCommentaryFile,
  isMappingFile,
  isProgramDesignFile,
  parseUploadKey,
  uploaderWithin,
  type FileRecord,
  type InstrumentDefinition,
  type MappingRecord,
  type UploadKey,
} from '../core/model/index.ts';
import { DEFAULT_PARSE_LIMITS, parseDataFile, readsAsRows } from '../core/parse/index.ts';
import type { FileStatus } from '../core/ports.ts';
import { detail } from '../core/parse/messages/index.ts';
import { packRowChunks } from '../core/rows/chunks.ts';
import { fileIdOf, sha256Hex } from '../core/rows/fingerprint.ts';
import { pseudonymiser } from '../core/rows/pseudonymise.ts';
import { audit, requestCompute, requestComputeIfMissed } from './ingest-steps.ts';
import { PARALLEL_PSEUDONYMS_MIN_BYTES, type IngestDeps, type IngestOutcome, type ObjectChange } from './ingest-types.ts';
import type { PseudonymSession } from './pseudonym-thread.ts';
import { quarantineUnroutable, reject } from './rejection.ts';
import { dropRows, removeCommentary, removeFile } from './removals.ts';
import { nameCollision, otherSpellings, unsafeNameReason } from './file-names.ts';
import { CrossFileGuard, crossFileProblems, rowsCountedElsewhere } from './cross-file-duplicates.ts';
import { removeProgramDesign, storeProgramDesign, type ProgramDesignHooks } from './program-design.ts';

export { PARALLEL_PSEUDONYMS_MIN_BYTES, type IngestDeps, type IngestOutcome, type ObjectChange } from './ingest-types.ts';

/**
 * Brings the stored rows for one upload key in line with what the uploads bucket holds now.
 * Reconciling with the bucket (instead of trusting the event) makes duplicate and out-of-order
 * events harmless: every event for a key converges to the same state.
 */
export async function ingestObject(deps: IngestDeps, taken: ObjectChange, options: { reread?: boolean } = {}): Promise<IngestOutcome> {
  const change: ObjectChange = { ...taken, startedAt: taken.startedAt ?? deps.now().getTime() };
  const unsafe = unsafeNameReason(change.key);
  if (unsafe !== undefined) return quarantineUnroutable(deps, change.key, unsafe);
  const parsedKey = parseUploadKey(change.key);
  if (!parsedKey.ok) return quarantineUnroutable(deps, change.key, parsedKey.message);
  const key = parsedKey.key;
  deps.logger.appendKeys({ clientId: key.clientId, year: key.year });
  // The client-year is marked as changing as soon as ingest takes the change up, before the object is read:
  // a debounced compute of another file of the burst that comes due while this one is read or parsed is then
  // stale, and this file's own request is due the window's length after this mark (change.startedAt), so the
  // ingest overlaps the window. Every way out that sent no compute request of its own asks for one if the
  // mark left the client-year uncomputed, so the mark never strands the burst's other changes. What every
  // ingest reads first is read meanwhile (reads change nothing); nothing is written before the mark is.
  const reads = firstReads(deps, change.key, key);
  await deps.store.state.bumpChangeSeq(key.clientId, key.year);
  const outcome = await ingestKey(deps, change, key, options, reads);
  if (!SENT_COMPUTE_REQUEST.has(outcome.status)) await requestComputeIfMissed(deps, key, change.startedAt);
  return outcome;
}

/** Outcomes whose path ended with its own compute request (`mapping`: each file read again made one, or none was missed). */
const SENT_COMPUTE_REQUEST = new Set<IngestOutcome['status']>(['committed', 'settings', 'instrument', 'commentary', 'program', 'removed', 'mapping']);

/**
 * The reads an ingest of a key starts with, all started at once rather than one after another: the object,
 * what the table holds about its name (its file record, rejection and upload intent, in one read), the year's
 * mappings and the client's instruments. Each is awaited where it is used; a path that returns before using
 * one leaves it unread (and its failure unseen: the path did not need it). Only a file read as rows has a
 * file record, is read through a mapping or against instruments: for the other kinds (known by their
 * names) only the object is read.
 */
interface FirstReads {
  object: Promise<StoredObject | undefined>;
  status: Promise<FileStatus>;
  mappings: Promise<MappingRecord[]>;
  ownInstruments: Promise<InstrumentDefinition[]>;
}

function firstReads(deps: IngestDeps, objectKey: string, key: UploadKey): FirstReads {
  const started = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined);
    return read;
  };
  const object = started(deps.blobs.get(deps.settings.uploadsBucket, objectKey, deps.settings.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes));
  if (!readsAsRows(key.fileName)) return { object, status: Promise.resolve({}), mappings: Promise.resolve([]), ownInstruments: Promise.resolve([]) };
  return {
    object,
    status: started(deps.store.files.getFileStatus(key.clientId, key.year, key.fileName)),
    // Read every time (a handful of small records): a mapping changed since the file was read decides how it reads now.
    mappings: started(deps.store.mappings.getMappings(key.clientId, key.year)),
    ownInstruments: started(deps.store.instruments.getClientInstruments(key.clientId)),
  };
}

async function ingestKey(deps: IngestDeps, change: ObjectChange, key: UploadKey, options: { reread?: boolean }, reads: FirstReads): Promise<IngestOutcome> {
  const maxBytes = deps.settings.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes;
  let object;
  try {
    object = await reads.object;
  } catch (error) {
    if (!(error instanceof ObjectTooLargeError)) throw error;
    const mb = (maxBytes / 1024 / 1024).toFixed(0);
    return reject(deps, change, key, [
      {
        file: key.fileName,
        rule: 'file-too-large',
        message: `${key.fileName}: ${detail.storedTooLarge(`${(error.bytes / 1024 / 1024).toFixed(1)} MB`, `${mb} MB`)}`,
      },
    ], 1);
  }
  if (object) {
    const others = await otherSpellings(deps, change.key);
    if (others.length > 0) return reject(deps, change, key, [nameCollision(key, change.key, others)], 1, undefined, object.bytes, true);
  }
  if (!object) {
    if (isMappingFile(key.fileName)) return removeMapping(deps, change, key);
    if (isProgramDesignFile(key.fileName)) return removeProgramDesign(deps, change, key, programDesignHooks(deps, change, key));
    return isCommentaryFile(key.fileName) ? removeCommentary(deps, change, key) : removeFile(deps, change, key);
  }

  const sha256 = sha256Hex(object.bytes);
  const [status, mappings] = await Promise.all([reads.status, reads.mappings]);
  const existing = status.record;
  if (existing && existing.sha256 === sha256 && !options.reread) {
    // Identical content again (a re-upload or a replayed event): only remember that this upload is
    // the newest, so an older delete event cannot remove it. Rows, figures and reports stay as they are.
    if (existing.sequencer < change.sequencer) {
      await deps.store.files.commitFile(key.clientId, key.year, { ...existing, sequencer: change.sequencer, quarantinePending: undefined });
    }
    return { status: 'unchanged', fileName: key.fileName };
  }

  const ownInstruments = await reads.ownInstruments;
  const pseudonyms: PseudonymSession | undefined =
    deps.pseudonymThread && object.bytes.byteLength >= PARALLEL_PSEUDONYMS_MIN_BYTES ? deps.pseudonymThread.session(await deps.pseudonymKey(), key.clientId) : undefined;
  const instruments = instrumentCatalog(ownInstruments);
  const namedMappings = mappings.map((m) => ({ fileName: m.fileName, mapping: m.mapping }));
  const rowLines: number[] = [];
  const parsed = await parseDataFile({
    fileName: key.fileName,
    bytes: object.bytes,
    instruments,
    limits: { maxBytes },
    mappings: namedMappings,
    rowLines,
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
          message: `${key.fileName}: ${detail.clientMismatch(parsed.settings.clientId, key.clientId)}`,
        },
      ], 1, undefined, object.bytes);
    }
    // The one way settings change (mergeClientSettings): addresses that bounced stay undeliverable unless the file names them.
    await deps.store.settings.updateSettings(key.clientId, { kind: 'consultant', input: { ...parsed.settings, clientId: key.clientId } });
    // Independent once the settings are stored; a retry after either failed asks for compute if it was missed.
    await Promise.all([audit(deps, key, 'settings-change', { file: key.fileName }), requestCompute(deps, key, change.startedAt)]);
    return { status: 'settings', fileName: key.fileName };
  }
  if (parsed.kind === 'instrument') {
    await deps.store.instruments.putInstrument(key.clientId, parsed.instrument);
    await requestCompute(deps, key, change.startedAt);
    return { status: 'instrument', fileName: key.fileName };
  }
  if (parsed.kind === 'mapping') {
    const previous = (await deps.store.mappings.getMappings(key.clientId, key.year)).find((m) => m.fileName === key.fileName);
    if (previous?.sha256 === sha256) {
      if (previous.sequencer < change.sequencer) await deps.store.mappings.putMapping(key.clientId, key.year, { ...previous, sequencer: change.sequencer });
      return { status: 'unchanged', fileName: key.fileName };
    }
    const stored = await deps.store.mappings.putMapping(key.clientId, key.year, {
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
    const current = await deps.store.commentary.getCommentary(key.clientId, key.year);
    if (current?.sha256 === sha256) {
      if (current.sequencer < change.sequencer) await deps.store.commentary.putCommentary(key.clientId, key.year, { ...current, sequencer: change.sequencer });
      return { status: 'unchanged', fileName: key.fileName };
    }
    const stored = await deps.store.commentary.putCommentary(key.clientId, key.year, {
      markdown: parsed.markdown,
      sha256,
      fileName: key.fileName,
      updatedAt: (object.lastModified ?? deps.now()).toISOString(),
      sequencer: change.sequencer,
    });
    if (!stored) return { status: 'stale', fileName: key.fileName };
    await audit(deps, key, 'commentary', { file: key.fileName, characters: parsed.markdown.length });
    await requestCompute(deps, key, change.startedAt);
    return { status: 'commentary', fileName: key.fileName };
  }

  if (parsed.kind === 'program') return storeProgramDesign(deps, change, key, parsed, { sha256, lastModified: object.lastModified }, programDesignHooks(deps, change, key));

  // A re-read (its mapping changed) keeps its own claim on the content. Mark the client-year as changing
  // before writing rows, so a debounced compute waiting for an earlier file does not run between this file's
  // rows and its commit; the claim goes at the same time (a refused file's extra mark is computed like the
  // first one, requestComputeIfMissed).
  const [owner] = await Promise.all([
    options.reread && existing?.sha256 === sha256 ? undefined : deps.store.files.claimContent(key.clientId, key.year, sha256, key.fileName),
    deps.store.state.bumpChangeSeq(key.clientId, key.year),
  ]);
  const uploadedBy = uploaderWithin(status.intent, object.lastModified ?? deps.now());
  if (owner !== undefined) {
    return reject(deps, change, key, [
      {
        file: key.fileName,
        rule: 'duplicate-content',
        message: `${key.fileName} ${detail.duplicateContent(owner)}`,
      },
    ], 1, undefined, object.bytes);
  }
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
  const paced = pseudonyms ? pseudonyms.paced(packed) : packed;
  // Rows another file of the year already counts are noted as the chunks go by (read before this file's rows are written).
  // The guard also makes the file's row-key digest, written with its chunks for the next file's check.
  // What the other files count is read while the first chunks are packed and written.
  const counted = rowsCountedElsewhere(deps, key, parsed.kind);
  const guard = new CrossFileGuard(deps, key, counted, parsed.kind);
  const chunkCount = await deps.store.rows.putRowChunks(key.clientId, key.year, fileId, ingestId, guard.watch(paced), () => guard.digest.digest());
  if (guard.total > 0) {
    // Written but never committed, so never counted; removed now rather than left as strays.
    if (existing?.ingestId !== ingestId) await deps.store.rows.deleteIngestChunks(key.clientId, key.year, fileId, ingestId);
    if (existing?.sha256 !== sha256) await deps.store.files.releaseContent(key.clientId, key.year, sha256, key.fileName);
    // As for a re-read that no longer parses: its earlier rows stop counting.
    if (options.reread && existing) await dropRows(deps, key, existing);
    const problems = await crossFileProblems(deps, key, guard.found, rawRows, rowLines, { instruments, mappings: namedMappings, maxBytes });
    return reject(deps, change, key, problems, guard.total, undefined, object.bytes);
  }

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
    ...(uploadedBy ? { uploadedBy } : {}),
    ...(mappingUsed ? { mapping: { fileName: mappingUsed.fileName, sha256: mappingUsed.sha256 } } : {}),
  };
  const committed = await deps.store.files.commitFile(key.clientId, key.year, record);
  if (!committed) {
    // A newer upload of this key won; our rows must not linger unless they are its rows too. Only our
    // own ingest's rows go: another upload of this key may have written rows it has not committed yet.
    const winner = await deps.store.files.getFile(key.clientId, key.year, key.fileName);
    if (winner?.ingestId !== ingestId) await deps.store.rows.deleteIngestChunks(key.clientId, key.year, fileId, ingestId);
    await deps.store.files.releaseContent(key.clientId, key.year, sha256, key.fileName);
    return { status: 'stale', fileName: key.fileName };
  }
  const replaced = existing !== undefined && existing.ingestId !== ingestId;
  if (replaced) {
    // Exactly the replaced ingest's rows: "all but ours" would also delete the rows of a newer upload
    // of this key that is between its row writes and its commit, leaving its file without rows.
    await deps.store.rows.deleteIngestChunks(key.clientId, key.year, fileId, existing.ingestId);
    // A re-read of the same bytes (its mapping changed) keeps its claim on the content.
    if (existing.sha256 !== sha256) await deps.store.files.releaseContent(key.clientId, key.year, existing.sha256, key.fileName);
  }
  // Independent once the file is committed, so at once. A retry after any of them failed finds the file
  // unchanged and asks for compute if it was missed, as after a crash between them one after the other.
  // An earlier rejection of the file is cleared if the first read found one (only ingest writes them).
  await Promise.all([
    status.rejection ? deps.store.files.clearRejection(key.clientId, key.year, key.fileName) : undefined,
    audit(deps, key, 'upload', { file: key.fileName, rows: rawRows.length, dataset: parsed.kind, replaced }),
    requestCompute(deps, key, change.startedAt),
  ]);
  deps.logger.info('file committed', {
    file: key.fileName,
    rows: rawRows.length,
    chunks: chunkCount,
    replaced,
    ...(guard.collisions > 0 ? { rowKeyHashCollisions: guard.collisions } : {}),
    ...(pseudonyms ? { pseudonymThread: true, pseudonymsHashedInline: pseudonyms.inlineHashes } : {}),
  });
  return { status: 'committed', fileName: key.fileName, rows: rawRows.length, replaced };
}

/** A respondent and a leader pseudonymiser with one key: each remembers the previous id of its own sequence. */
function inlinePseudonymisers(pseudonymKey: Uint8Array, clientId: string): [(respondent: string) => string, (leader: string) => string] {
  return [pseudonymiser(pseudonymKey, clientId), pseudonymiser(pseudonymKey, clientId)];
}

/**
 * Re-reads every committed file that was read through this mapping (it changed or is gone), from the
 * uploads bucket, so the stored rows are what the mapping now says; each makes its own compute request.
 */
async function rereadMappedFiles(deps: IngestDeps, key: UploadKey): Promise<IngestOutcome[]> {
  const files = (await deps.store.files.listFiles(key.clientId, key.year)).filter((f) => f.mapping?.fileName === key.fileName);
  const outcomes: IngestOutcome[] = [];
  for (const file of files.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))) {
    outcomes.push(await ingestObject(deps, { key: `${key.clientId}/${key.year}/${file.fileName}`, sequencer: file.sequencer }, { reread: true }));
  }
  // An export refused for want of a mapping, whose proposal was just uploaded under its proposed name: the
  // refused file goes back from quarantine to the uploads bucket, and its own upload event reads it with the
  // mapping, as the consultant expects when using the proposal. The bucket stays the truth of what counts.
  const counted = new Set(files.map((f) => f.fileName));
  const waiting = (await deps.store.files.listRejections(key.clientId, key.year)).filter((r) => r.proposedMapping?.fileName === key.fileName && !counted.has(r.fileName));
  for (const rejection of waiting) {
    const objectKey = `${key.clientId}/${key.year}/${rejection.fileName}`;
    const held = await deps.blobs.get(deps.settings.quarantineBucket, rejection.quarantineKey ?? objectKey);
    if (held) await deps.blobs.put(deps.settings.uploadsBucket, objectKey, held.bytes, 'application/octet-stream');
  }
  if (files.length === 0 && waiting.length === 0) await requestComputeIfMissed(deps, key);
  return outcomes;
}

/** The mapping file is gone: it reads nothing more, and the files it read are read again without it. */
async function removeMapping(deps: IngestDeps, change: ObjectChange, key: UploadKey): Promise<IngestOutcome> {
  const removed = await deps.store.mappings.deleteMapping(key.clientId, key.year, key.fileName, change.sequencer);
  if (!removed) return { status: 'absent', fileName: key.fileName };
  await audit(deps, key, 'erasure', { file: key.fileName, dataset: 'mapping' });
  const reread = await rereadMappedFiles(deps, key);
  return { status: 'mapping', fileName: key.fileName, reread };
}

function programDesignHooks(deps: IngestDeps, change: ObjectChange, key: UploadKey): ProgramDesignHooks {
  return {
    audit: (detail) => audit(deps, key, 'upload', detail),
    requestCompute: () => requestCompute(deps, key, change.startedAt),
  };
}
