import {
  uploaderWithin,
  assessmentColumnsSchema,
  clientSettingsSchema,
  JOB_STALE_MS,
  keys,
  mergeClientSettings,
  countedDataFiles,
  metricsDocumentSchema,
  reactionColumnsSchema,
  type Actor,
  type AuditEvent,
  type ClientSettings,
  type ClientYearState,
  type CommentaryRecord,
  type ConsultantAction,
  type DeadLetterReason,
  type FileRecord,
  type InstrumentDefinition,
  type Job,
  type MappingRecord,
  type ProgramDesignRecord,
  type MetricsDocument,
  type Rejection,
  type ReportVersion,
  type SettingsChange,
  type UploadIntent,
} from '../../functions/core/model/index.ts';
import type {
  ActivityStore,
  AuditLog,
  ClientYearSnapshot,
  ClientYearStateStore,
  CommentaryStore,
  DeadLetterStore,
  FileStore,
  InstrumentStore,
  JobStore,
  MappingStore,
  MetricsStore,
  ProgramDesignStore,
  ReportStore,
  RowStore,
  SettingsStore,
  StoredChunk,
  Stores,
} from '../../functions/core/ports.ts';
import type { RowChunk } from '../../functions/core/rows/chunks.ts';
import type { RowKeyDigest } from '../../functions/core/rows/row-keys.ts';

/**
 * The stores in memory, with the same conditions as the DynamoDB ones (sequencers, revisions, claims),
 * for stage tests that are about the stage and not the table. Records are copied in and out through
 * JSON, as a table would, so a test cannot change a stored record by holding on to it.
 */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const cy = (clientId: string, year: number) => `${clientId}#${year}`;

export class MemorySettingsStore implements SettingsStore {
  readonly items = new Map<string, { settings: ClientSettings; revision: number }>();

  async getSettings(clientId: string) {
    const item = this.items.get(clientId);
    return item ? copy(item.settings) : undefined;
  }

  async updateSettings(clientId: string, change: SettingsChange) {
    const current = this.items.get(clientId);
    const after = mergeClientSettings(current ? copy(current.settings) : undefined, change);
    if (!after) return undefined;
    this.items.set(clientId, { settings: clientSettingsSchema.parse(copy(after)), revision: (current?.revision ?? 0) + 1 });
    return { before: current ? copy(current.settings) : undefined, after: copy(after) };
  }

  async listClientIds() {
    return [...this.items.keys()].sort();
  }
}

export class MemoryInstrumentStore implements InstrumentStore {
  readonly items = new Map<string, InstrumentDefinition[]>();
  async getClientInstruments(clientId: string) {
    return copy(this.items.get(clientId) ?? []);
  }
  async putInstrument(clientId: string, definition: InstrumentDefinition) {
    this.items.set(clientId, [...(this.items.get(clientId) ?? []).filter((d) => d.id !== definition.id), copy(definition)]);
  }
}

export class MemoryCommentaryStore implements CommentaryStore {
  readonly items = new Map<string, CommentaryRecord>();
  async getCommentary(clientId: string, year: number) {
    const item = this.items.get(cy(clientId, year));
    return item ? copy(item) : undefined;
  }
  async putCommentary(clientId: string, year: number, record: CommentaryRecord) {
    const current = this.items.get(cy(clientId, year));
    if (current && current.sequencer > record.sequencer) return false;
    this.items.set(cy(clientId, year), copy(record));
    return true;
  }
  async deleteCommentary(clientId: string, year: number, sequencer: string) {
    const current = this.items.get(cy(clientId, year));
    if (!current || current.sequencer >= sequencer) return false;
    return this.items.delete(cy(clientId, year));
  }
}

export class MemoryMappingStore implements MappingStore {
  readonly items = new Map<string, Map<string, MappingRecord>>();
  private of(clientId: string, year: number) {
    const key = cy(clientId, year);
    if (!this.items.has(key)) this.items.set(key, new Map());
    return this.items.get(key)!;
  }
  async getMappings(clientId: string, year: number) {
    return copy([...this.of(clientId, year).values()]);
  }
  async putMapping(clientId: string, year: number, record: MappingRecord) {
    const current = this.of(clientId, year).get(record.fileName);
    if (current && current.sequencer > record.sequencer) return false;
    this.of(clientId, year).set(record.fileName, copy(record));
    return true;
  }
  async deleteMapping(clientId: string, year: number, fileName: string, sequencer: string) {
    const current = this.of(clientId, year).get(fileName);
    if (!current || current.sequencer >= sequencer) return false;
    return this.of(clientId, year).delete(fileName);
  }
}

export class MemoryProgramDesignStore implements ProgramDesignStore {
  readonly items = new Map<string, ProgramDesignRecord>();
  async getProgramDesigns(clientId: string, year: number) {
    const prefix = `${cy(clientId, year)}#`;
    return copy([...this.items.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v));
  }
  async putProgramDesign(clientId: string, year: number, record: ProgramDesignRecord) {
    const key = `${cy(clientId, year)}#${record.programId}`;
    const current = this.items.get(key);
    if (current && current.sequencer > record.sequencer) return false;
    this.items.set(key, copy(record));
    return true;
  }
  async deleteProgramDesign(clientId: string, year: number, programId: string, sequencer: string) {
    const key = `${cy(clientId, year)}#${programId}`;
    const current = this.items.get(key);
    if (!current || current.sequencer >= sequencer) return false;
    return this.items.delete(key);
  }
}

export class MemoryClientYearStateStore implements ClientYearStateStore {
  readonly items = new Map<string, ClientYearState>();
  private of(clientId: string, year: number): ClientYearState {
    return this.items.get(cy(clientId, year)) ?? { changeSeq: 0, computedSeq: 0 };
  }
  async getState(clientId: string, year: number) {
    return copy(this.of(clientId, year));
  }
  async bumpChangeSeq(clientId: string, year: number) {
    const state = this.of(clientId, year);
    this.items.set(cy(clientId, year), { ...state, changeSeq: state.changeSeq + 1 });
    return state.changeSeq + 1;
  }
  async markRendered(clientId: string, year: number, inputsHash: string, version: number) {
    const state = this.of(clientId, year);
    if (state.renderedVersion !== undefined && state.renderedVersion >= version) return;
    this.items.set(cy(clientId, year), { ...state, renderedInputsHash: inputsHash, renderedVersion: version });
  }
  /** What the metrics store records beside a document (the table keeps it in the same STATE item). */
  recordComputed(clientId: string, year: number, seq: number) {
    const state = this.of(clientId, year);
    if (state.computedSeq <= seq) this.items.set(cy(clientId, year), { ...state, computedSeq: seq });
  }
}

/** Files, content claims, rejections and row chunks: one client-year's items, as the table keeps them together. */
export class MemoryFileStore implements FileStore, RowStore {
  readonly files = new Map<string, FileRecord>();
  readonly claims = new Map<string, string>();
  readonly rejections = new Map<string, Rejection>();
  /** Row chunks by client-year, then `fileId#ingestId`, in order. */
  readonly chunks = new Map<string, Map<string, RowChunk[]>>();
  /** Row-key digests by client-year, then `fileId#ingestId`. */
  readonly digests = new Map<string, Map<string, RowKeyDigest>>();

  /** Upload intents, commentary and programme descriptions live in stores of their own here; in DynamoDB they share the client-year's partition. */
  constructor(
    private readonly activity: MemoryActivityStore = new MemoryActivityStore(),
    private readonly commentary: MemoryCommentaryStore = new MemoryCommentaryStore(),
    private readonly programDesigns: MemoryProgramDesignStore = new MemoryProgramDesignStore(),
  ) {}

  async getFile(clientId: string, year: number, fileName: string) {
    const record = this.files.get(`${cy(clientId, year)}#${fileName}`);
    return record ? copy(record) : undefined;
  }
  async getFileStatus(clientId: string, year: number, fileName: string) {
    const record = await this.getFile(clientId, year, fileName);
    const rejection = this.rejections.get(`${cy(clientId, year)}#${fileName}`);
    const intent = this.activity.intents.get(`${cy(clientId, year)}#${fileName}`);
    return { ...(record ? { record } : {}), ...(rejection ? { rejection: copy(rejection) } : {}), ...(intent ? { intent: copy(intent) } : {}) };
  }
  async listFiles(clientId: string, year: number) {
    const prefix = `${cy(clientId, year)}#`;
    return copy([...this.files.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v));
  }
  async commitFile(clientId: string, year: number, record: FileRecord) {
    const current = await this.getFile(clientId, year, record.fileName);
    if (current && current.sequencer > record.sequencer) return false;
    this.files.set(`${cy(clientId, year)}#${record.fileName}`, copy(record));
    return true;
  }
  async setQuarantinePending(clientId: string, year: number, fileName: string, pending: boolean) {
    const current = await this.getFile(clientId, year, fileName);
    if (!current) return;
    const { quarantinePending: _was, ...rest } = current;
    await this.commitFile(clientId, year, pending ? { ...rest, quarantinePending: true } : rest);
  }
  async removeFile(clientId: string, year: number, fileName: string, sequencer: string) {
    const current = await this.getFile(clientId, year, fileName);
    if (!current || current.sequencer > sequencer) return false;
    return this.files.delete(`${cy(clientId, year)}#${fileName}`);
  }
  async claimContent(clientId: string, year: number, sha256: string, fileName: string) {
    const key = `${cy(clientId, year)}#${sha256}`;
    const owner = this.claims.get(key);
    if (owner !== undefined && owner !== fileName) return owner;
    this.claims.set(key, fileName);
    return undefined;
  }
  async releaseContent(clientId: string, year: number, sha256: string, fileName: string) {
    const key = `${cy(clientId, year)}#${sha256}`;
    if (this.claims.get(key) === fileName) this.claims.delete(key);
  }
  async putRejection(clientId: string, year: number, rejection: Rejection) {
    this.rejections.set(`${cy(clientId, year)}#${rejection.fileName}`, copy(rejection));
  }
  async clearRejection(clientId: string, year: number, fileName: string) {
    this.rejections.delete(`${cy(clientId, year)}#${fileName}`);
  }
  async listRejections(clientId: string, year: number) {
    const prefix = `${cy(clientId, year)}#`;
    return copy([...this.rejections.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v));
  }

  private chunksOf(clientId: string, year: number) {
    const key = cy(clientId, year);
    if (!this.chunks.has(key)) this.chunks.set(key, new Map());
    return this.chunks.get(key)!;
  }
  private digestsOf(clientId: string, year: number) {
    const key = cy(clientId, year);
    if (!this.digests.has(key)) this.digests.set(key, new Map());
    return this.digests.get(key)!;
  }
  async putRowChunks(
    clientId: string,
    year: number,
    fileId: string,
    ingestId: string,
    chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>,
    keyDigest?: () => RowKeyDigest,
  ) {
    const written: RowChunk[] = [];
    for await (const chunk of chunks) written.push(chunk);
    this.chunksOf(clientId, year).set(`${fileId}#${ingestId}`, written);
    if (keyDigest) {
      const digest = keyDigest();
      this.digestsOf(clientId, year).set(`${fileId}#${ingestId}`, { ...digest, hashes: digest.hashes.slice() });
    }
    return written.length;
  }
  async deleteRowChunks(clientId: string, year: number, fileId: string, keepIngestId?: string) {
    let deleted = 0;
    for (const [key, chunks] of this.chunksOf(clientId, year)) {
      if (key.startsWith(`${fileId}#`) && key !== `${fileId}#${keepIngestId}`) {
        deleted += chunks.length;
        this.chunksOf(clientId, year).delete(key);
      }
    }
    for (const key of this.digestsOf(clientId, year).keys()) {
      if (key.startsWith(`${fileId}#`) && key !== `${fileId}#${keepIngestId}`) this.digestsOf(clientId, year).delete(key);
    }
    return deleted;
  }
  async deleteIngestChunks(clientId: string, year: number, fileId: string, ingestId: string) {
    const chunks = this.chunksOf(clientId, year).get(`${fileId}#${ingestId}`) ?? [];
    this.chunksOf(clientId, year).delete(`${fileId}#${ingestId}`);
    this.digestsOf(clientId, year).delete(`${fileId}#${ingestId}`);
    return chunks.length;
  }
  async readRowKeyDigests(clientId: string, year: number) {
    return [...this.digestsOf(clientId, year)].map(([ids, digest]) => {
      const [fileId, ingestId] = ids.split('#') as [string, string];
      return { fileId, ingestId, digest: { ...digest, hashes: digest.hashes.slice() } };
    });
  }
  private stored(clientId: string, year: number, fileId: string, ingestId: string, written: readonly RowChunk[]): StoredChunk[] {
    return written.map((chunk, index) => {
      const key = keys.rows(clientId, year, fileId, ingestId, index);
      return chunk.dataset === 'reaction'
        ? { fileId, ingestId, key, dataset: 'reaction', columns: () => reactionColumnsSchema.parse(JSON.parse(chunk.json)) }
        : { fileId, ingestId, key, dataset: 'assessment', columns: () => assessmentColumnsSchema.parse(JSON.parse(chunk.json)) };
    });
  }
  async readIngestChunks(clientId: string, year: number, fileId: string, ingestId: string) {
    return this.stored(clientId, year, fileId, ingestId, this.chunksOf(clientId, year).get(`${fileId}#${ingestId}`) ?? []);
  }
  async readClientYear(clientId: string, year: number): Promise<ClientYearSnapshot> {
    const chunks: StoredChunk[] = [];
    for (const [ids, written] of this.chunksOf(clientId, year)) {
      const [fileId, ingestId] = ids.split('#') as [string, string];
      chunks.push(...this.stored(clientId, year, fileId, ingestId, written));
    }
    const commentary = await this.commentary.getCommentary(clientId, year);
    return {
      files: await this.listFiles(clientId, year),
      chunks,
      rejections: await this.listRejections(clientId, year),
      ...(commentary ? { commentary } : {}),
      programDesigns: await this.programDesigns.getProgramDesigns(clientId, year),
    };
  }
}

export class MemoryActivityStore implements ActivityStore {
  readonly intents = new Map<string, UploadIntent>();
  readonly actions = new Map<string, ConsultantAction>();
  async putUploadIntent(clientId: string, year: number, fileName: string, intent: UploadIntent) {
    this.intents.set(`${cy(clientId, year)}#${fileName}`, copy(intent));
  }
  async uploaderOf(clientId: string, year: number, fileName: string, at: Date): Promise<Actor | undefined> {
    return uploaderWithin(this.intents.get(`${cy(clientId, year)}#${fileName}`), at);
  }
  async putConsultantAction(clientId: string, year: number, action: ConsultantAction) {
    this.actions.set(cy(clientId, year), copy(action));
  }
  async getConsultantAction(clientId: string, year: number) {
    const action = this.actions.get(cy(clientId, year));
    return action ? copy(action) : undefined;
  }
}

export class MemoryMetricsStore implements MetricsStore {
  readonly items = new Map<string, { doc: MetricsDocument; seq: number }>();
  constructor(private readonly state?: MemoryClientYearStateStore) {}
  async putMetrics(doc: MetricsDocument, seq: number) {
    const current = this.items.get(cy(doc.client, doc.year));
    if (current && current.seq > seq) return false;
    this.items.set(cy(doc.client, doc.year), { doc: metricsDocumentSchema.parse(copy(doc)), seq });
    this.state?.recordComputed(doc.client, doc.year, seq);
    return true;
  }
  async getMetrics(clientId: string, year: number) {
    const item = this.items.get(cy(clientId, year));
    return item ? copy(item.doc) : undefined;
  }
  async listMetrics(clientId: string) {
    return copy([...this.items.values()].filter((i) => i.doc.client === clientId).map((i) => i.doc).sort((a, b) => a.year - b.year));
  }
  async listComputedYears(clientId: string) {
    return (await this.listMetrics(clientId)).map((doc) => ({ year: doc.year, dataFiles: countedDataFiles(doc.sources) }));
  }
}

export class MemoryReportStore implements ReportStore {
  readonly items = new Map<string, ReportVersion>();
  private readonly leases = new Map<string, number>();
  private key = (clientId: string, year: number, version: number) => `${cy(clientId, year)}#${String(version).padStart(6, '0')}`;
  async listReportVersions(clientId: string, year: number) {
    const prefix = `${cy(clientId, year)}#`;
    return copy([...this.items.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v));
  }
  async getReportVersion(clientId: string, year: number, version: number) {
    const item = this.items.get(this.key(clientId, year, version));
    return item ? copy(item) : undefined;
  }
  async claimReportVersion(report: ReportVersion) {
    const key = this.key(report.clientId, report.year, report.version);
    if (this.items.has(key)) return false;
    this.items.set(key, copy(report));
    return true;
  }
  async finishReportVersion(report: ReportVersion) {
    const key = this.key(report.clientId, report.year, report.version);
    if (this.items.get(key)?.status !== 'rendering') return false;
    this.items.set(key, copy(report));
    return true;
  }
  async claimDelivery(clientId: string, year: number, version: number, at: string, leaseMs: number, kind: 'delivery' | 'draft' = 'delivery') {
    const key = this.key(clientId, year, version);
    const report = this.items.get(key);
    if (!report) return false;
    const claimed = report[kind];
    const lease = this.leases.get(`${key}#${kind}`) ?? 0;
    if (claimed && !(claimed.status === 'sending' && lease < Date.parse(at))) return false;
    this.items.set(key, { ...report, [kind]: { status: 'sending', at } });
    this.leases.set(`${key}#${kind}`, Date.parse(at) + leaseMs);
    return true;
  }
  async releaseDelivery(clientId: string, year: number, version: number, kind: 'delivery' | 'draft' = 'delivery') {
    const key = this.key(clientId, year, version);
    const report = this.items.get(key);
    if (report?.[kind]?.status !== 'sending') return;
    const { [kind]: _released, ...rest } = report;
    this.items.set(key, rest);
    this.leases.delete(`${key}#${kind}`);
  }
  async completeDelivery(clientId: string, year: number, version: number, delivery: NonNullable<ReportVersion['delivery']>) {
    const key = this.key(clientId, year, version);
    this.items.set(key, { ...this.items.get(key)!, delivery: copy(delivery) });
  }
  async completeDraft(clientId: string, year: number, version: number, draft: NonNullable<ReportVersion['draft']>) {
    const key = this.key(clientId, year, version);
    this.items.set(key, { ...this.items.get(key)!, draft: copy(draft) });
  }
  async approveVersion(clientId: string, year: number, version: number, approval: NonNullable<ReportVersion['approval']>) {
    const key = this.key(clientId, year, version);
    const report = this.items.get(key);
    if (!report || report.status !== 'ready' || report.withdrawn) return 'not-ready' as const;
    if (report.approval) return 'already' as const;
    this.items.set(key, { ...report, approval: copy(approval) });
    return 'approved' as const;
  }
  async withdrawVersions(clientId: string, year: number, at: string, reason: 'erasure' | 'no-data' = 'erasure') {
    let withdrawn = 0;
    for (const report of await this.listReportVersions(clientId, year)) {
      if (report.withdrawn) continue;
      this.items.set(this.key(clientId, year, report.version), { ...report, withdrawn: { at, reason } });
      withdrawn += 1;
    }
    return withdrawn;
  }
}

export class MemoryJobStore implements JobStore {
  readonly items = new Map<string, Job>();
  async getJob(clientId: string, year: number) {
    const job = this.items.get(cy(clientId, year));
    return job ? copy(job) : undefined;
  }
  async startJob(job: Job) {
    const running = this.items.get(cy(job.clientId, job.year));
    const active = running && running.status !== 'done' && running.status !== 'failed';
    if (running && active && Date.parse(running.updatedAt) >= Date.parse(job.updatedAt) - JOB_STALE_MS) return { job: copy(running), created: false };
    this.items.set(cy(job.clientId, job.year), copy(job));
    return { job: copy(job), created: true };
  }
  async updateJob(clientId: string, year: number, jobId: string, patch: Partial<Job>) {
    const current = this.items.get(cy(clientId, year));
    if (current?.id === jobId) this.items.set(cy(clientId, year), { ...current, ...copy(patch) });
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];
  async appendAudit(event: AuditEvent) {
    this.events.push(copy(event));
  }
  async listAudit(clientId?: string) {
    return copy(this.events.filter((e) => clientId === undefined || e.clientId === clientId));
  }
}

export class MemoryDeadLetterStore implements DeadLetterStore {
  readonly items = new Map<string, DeadLetterReason>();
  async putDeadLetterReason(reason: DeadLetterReason) {
    this.items.set(`${reason.queue}#${reason.messageId}`, copy(reason));
  }
  async getDeadLetterReason(queue: string, messageId: string) {
    const item = this.items.get(`${queue}#${messageId}`);
    return item ? copy(item) : undefined;
  }
  async listDeadLetterReasons(queue: string) {
    return copy([...this.items.values()].filter((r) => r.queue === queue));
  }
  async deleteDeadLetterReason(queue: string, messageId: string) {
    this.items.delete(`${queue}#${messageId}`);
  }
}

/** Every store in memory, and the concrete classes behind them for tests that look inside. */
export function memoryStores() {
  const state = new MemoryClientYearStateStore();
  const activity = new MemoryActivityStore();
  const commentary = new MemoryCommentaryStore();
  const programDesigns = new MemoryProgramDesignStore();
  const files = new MemoryFileStore(activity, commentary, programDesigns);
  const stores = {
    settings: new MemorySettingsStore(),
    instruments: new MemoryInstrumentStore(),
    commentary,
    mappings: new MemoryMappingStore(),
    programDesigns,
    state,
    files,
    rows: files,
    activity,
    metrics: new MemoryMetricsStore(state),
    reports: new MemoryReportStore(),
    jobs: new MemoryJobStore(),
    audit: new MemoryAuditLog(),
    deadLetters: new MemoryDeadLetterStore(),
  } satisfies Stores;
  return stores;
}
