import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { QueueSender } from '../aws/queue.ts';
import { instrumentCatalog } from '../core/instruments/builtin.ts';
import { computeMetrics } from '../core/metrics/index.ts';
import {
  countedDataFiles,
  defaultClientSettings,
  type AssessmentRow,
  type ComputeRequest,
  type InstrumentDefinition,
  type ReactionRow,
  type RenderRequest,
  type SourceFile,
} from '../core/model/index.ts';
import { unpackAssessments, unpackReactions } from '../core/rows/chunks.ts';
import { canonicalJson, sha256Hex } from '../core/rows/fingerprint.ts';
import type { ClientYearSnapshot, Stores } from '../core/ports.ts';

export interface ComputeDeps {
  store: Pick<Stores, 'state' | 'jobs' | 'rows' | 'settings' | 'instruments' | 'metrics' | 'reports' | 'audit'>;
  renderQueue: QueueSender;
  logger: Logger;
  /** The clock the debounce window is waited out on (the real one unless a test gives its own). */
  clock?: WindowClock;
}

export interface WindowClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: WindowClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export type ComputeOutcome =
  | { status: 'stale' | 'superseded' | 'unchanged'; inputsHash?: string }
  | { status: 'computed'; inputsHash: string };

/** The most compute waits for a window's end: the queue's delay covered its whole seconds. */
const MAX_WAIT_MS = 1000;

/** Bump when the metrics engine changes in a way that must re-render stored inputs. */
const METRICS_ENGINE_VERSION = 2;

/**
 * Recomputes a client-year from every committed row (a pure function of the stored inputs), stores
 * the metrics and asks for a report when the inputs differ from the last rendered report.
 */
export async function computeClientYear(deps: ComputeDeps, request: ComputeRequest): Promise<ComputeOutcome> {
  const { clientId, year } = request;
  const { store } = deps;
  let before = await store.state.getState(clientId, year);
  // Debounce: a later change sent its own (delayed) request; only that one computes.
  if (request.seq !== undefined && request.seq < before.changeSeq) return { status: 'stale' };
  // The queue delays in whole seconds; the rest of the window (under a second) is waited out here, by the
  // one request that is not stale, and the state read again: a change within the window makes it stale.
  const clock = deps.clock ?? REAL_CLOCK;
  const rest = request.notBefore === undefined ? 0 : Math.min(request.notBefore - clock.now(), MAX_WAIT_MS);
  // The commentary and programme descriptions come with the client-year's rows (one Query of its partition).
  const readInputs = () =>
    Promise.all([
      store.rows.readClientYear(clientId, year),
      store.settings.getSettings(clientId),
      store.instruments.getClientInstruments(clientId),
      store.metrics.listMetrics(clientId),
    ]);
  let inputs: ReturnType<typeof readInputs> | undefined;
  if (rest > 0) {
    await clock.sleep(rest);
    // The inputs are read together with the state rather than after it: what counts is that no change was
    // marked between this request and the check below the computation (`after`), and every writer marks first.
    inputs = readInputs();
    inputs.catch(() => undefined);
    before = await store.state.getState(clientId, year);
    if (request.seq !== undefined && request.seq < before.changeSeq) return { status: 'stale' };
  }

  if (request.jobId) await store.jobs.updateJob(clientId, year, request.jobId, { status: 'computing', updatedAt: new Date().toISOString() });
  const [snapshot, storedSettings, ownInstruments, allYears] = await (inputs ?? readInputs());
  const { commentary, programDesigns } = snapshot;
  const settings = storedSettings ?? defaultClientSettings(clientId);
  const { reactions, assessments, sources } = committedRows(snapshot);
  const catalog = instrumentCatalog(ownInstruments);
  const usedInstruments = [...new Set(assessments.map((a) => a.instrument))]
    .map((id) => catalog.get(id))
    .filter((d): d is InstrumentDefinition => d !== undefined)
    .sort((a, b) => a.id.localeCompare(b.id));
  const previousYears = allYears.filter((m) => m.year < year);
  // This year's last stored figures: the new version must not allow differencing against them.
  const previousVersion = allYears.find((m) => m.year === year);

  const inputsHash = sha256Hex(
    canonicalJson({
      engine: METRICS_ENGINE_VERSION,
      // Rows too: an erasure rewrites a file's rows while its upload (and sha-256) stays the same.
      files: sources.map((s) => [s.file, s.sha256, s.rows]),
      // A file read through a mapping reads differently when the mapping changes: a new version.
      ...(snapshot.files.some((f) => f.mapping) ? { mappings: snapshot.files.flatMap((f) => (f.mapping ? [[f.fileName, f.mapping.sha256]] : [])).sort() } : {}),
      instruments: usedInstruments,
      // Who gets e-mails, and how, changes no figure.
      settings: { ...settings, recipients: undefined, undeliverable: undefined, consultantContact: undefined, delivery: undefined, consultantLocale: undefined },
      previousYears: previousYears.map((m) => [m.year, m.inputsHash]).sort(),
      // The commentary is part of the report: a new one makes a new version, the same one re-renders identically.
      commentary: commentary?.sha256 ?? null,
      // So are the programme descriptions (absent from the hash when there are none: earlier versions stay as they were).
      ...(programDesigns.length > 0 ? { programDesigns: programDesigns.map((d) => [d.programId, d.sha256]).sort() } : {}),
    }),
  );
  const doc = computeMetrics({
    clientId,
    year,
    settings,
    instruments: usedInstruments,
    reactions,
    assessments,
    sources,
    inputsHash,
    previousYears,
    ...(previousVersion ? { previousVersion } : {}),
    ...(commentary ? { commentary: commentary.markdown } : {}),
    ...(programDesigns.length > 0 ? { programDesigns: programDesigns.map((d) => ({ programId: d.programId, design: d.design })) } : {}),
  });

  // Version check: if a file was committed or removed while we read, our snapshot is already old.
  const after = await store.state.getState(clientId, year);
  if (after.changeSeq !== before.changeSeq) {
    if (request.seq !== undefined) return { status: 'superseded', inputsHash };
    // A request without a sequence (a regeneration) must not store figures from the old snapshot
    // under the new sequence: that would overwrite the newer figures a debounced compute stored.
    throw new Error(`the inputs of ${clientId} ${year} changed while computing; the request is retried`);
  }
  const stored = await store.metrics.putMetrics(doc, after.changeSeq);
  if (!stored) return { status: 'superseded', inputsHash };

  // No data, also when a regeneration is forced (an empty report says nothing): settings or instruments
  // arrived first, every file was refused, or the last data file was deleted (or an erasure left no row
  // in any), when every earlier version is withdrawn so that no current report holds the erased rows.
  if (countedDataFiles(sources) === 0) {
    const at = new Date().toISOString();
    const withdrawn = await store.reports.withdrawVersions(clientId, year, at, 'no-data');
    if (withdrawn > 0) {
      await store.audit.appendAudit({ clientId, at, action: 'erasure', actor: 'pipeline', detail: { year, versionsWithdrawn: withdrawn, reason: 'no-data' } }, randomUUID());
      deps.logger.info('no data left: earlier versions withdrawn', { versionsWithdrawn: withdrawn });
    }
    if (request.jobId) await store.jobs.updateJob(clientId, year, request.jobId, { status: 'done', updatedAt: at });
    return { status: 'unchanged', inputsHash };
  }
  if (!request.force && after.renderedInputsHash === inputsHash) {
    if (request.jobId) {
      await store.jobs.updateJob(clientId, year, request.jobId, { status: 'done', version: after.renderedVersion, updatedAt: new Date().toISOString() });
    }
    return { status: 'unchanged', inputsHash };
  }
  const render: RenderRequest = { clientId, year, inputsHash, jobId: request.jobId, deliver: request.deliver, force: request.force };
  await deps.renderQueue.send(render);
  deps.logger.info('metrics computed', { inputsHash, files: sources.length, reactions: reactions.length, assessments: assessments.length });
  return { status: 'computed', inputsHash };
}

/**
 * Only rows named by a committed FILE record count. A committed file whose chunks are not all
 * present means a replace or delete ran while we read: fail, and the retry reads a settled state.
 */
export function committedRows(snapshot: ClientYearSnapshot): {
  reactions: ReactionRow[];
  assessments: AssessmentRow[];
  sources: SourceFile[];
} {
  const reactions: ReactionRow[] = [];
  const assessments: AssessmentRow[] = [];
  const committed = new Map(snapshot.files.map((f) => [f.fileId, f]));
  const seen = new Map<string, number>();
  for (const chunk of snapshot.chunks) {
    const file = committed.get(chunk.fileId);
    if (!file || file.ingestId !== chunk.ingestId) continue;
    seen.set(chunk.fileId, (seen.get(chunk.fileId) ?? 0) + 1);
    if (chunk.dataset === 'reaction') reactions.push(...unpackReactions(chunk.columns()));
    else assessments.push(...unpackAssessments(chunk.columns()));
  }
  for (const file of snapshot.files) {
    const found = seen.get(file.fileId) ?? 0;
    if (found !== file.chunks) {
      throw new Error(`file ${file.fileName} has ${found} of ${file.chunks} row chunks; it changed while being read`);
    }
  }
  const sources: SourceFile[] = snapshot.files
    .map((f) => ({
      file: f.fileName,
      dataset: f.dataset,
      rows: f.rows,
      sha256: f.sha256,
      uploadedAt: f.uploadedAt,
      firstDate: f.firstDate,
      lastDate: f.lastDate,
      ...(f.mapping ? { mapping: f.mapping.fileName } : {}),
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
  return { reactions, assessments, sources };
}
