import type {
  Actor,
  AssessmentColumns,
  AuditEvent,
  ClientSettings,
  ClientYearState,
  CommentaryRecord,
  ConsultantAction,
  DeadLetterReason,
  FileRecord,
  InstrumentDefinition,
  Job,
  MappingRecord,
  ProgramDesignRecord,
  MetricsDocument,
  ReactionColumns,
  Rejection,
  ReportVersion,
  SettingsChange,
  TableKey,
  UploadIntent,
  WithdrawalReason,
} from './model/index.ts';
import type { RowChunk } from './rows/chunks.ts';
import type { RowKeyDigest } from './rows/row-keys.ts';

/**
 * The stores the stages depend on, one small interface per aggregate. functions/aws/store implements
 * them on DynamoDB; test/helpers/memory-stores.ts in memory. A stage's dependencies name only the stores
 * it uses (a `Pick` of `Stores`), so its table permissions follow from its code (test/infra/table-usage.ts).
 * Every read returns a record checked against its schema in functions/core/model (StoredRecordInvalid otherwise).
 */

export interface SettingsStore {
  getSettings(clientId: string): Promise<ClientSettings | undefined>;
  /**
   * The one way settings change: applies `change` by the one merge rule (mergeClientSettings) with an
   * optimistic condition on the stored revision, retrying when another writer was first. Undefined when
   * the change leaves the settings as they are (or there are none to change).
   */
  updateSettings(clientId: string, change: SettingsChange): Promise<{ before: ClientSettings | undefined; after: ClientSettings } | undefined>;
  listClientIds(): Promise<string[]>;
}

export interface InstrumentStore {
  getClientInstruments(clientId: string): Promise<InstrumentDefinition[]>;
  putInstrument(clientId: string, definition: InstrumentDefinition): Promise<void>;
}

export interface CommentaryStore {
  getCommentary(clientId: string, year: number): Promise<CommentaryRecord | undefined>;
  /** False when a newer upload (by S3 sequencer) is already stored. */
  putCommentary(clientId: string, year: number, record: CommentaryRecord): Promise<boolean>;
  /** False when there was nothing older to remove. */
  deleteCommentary(clientId: string, year: number, sequencer: string): Promise<boolean>;
}

export interface MappingStore {
  getMappings(clientId: string, year: number): Promise<MappingRecord[]>;
  putMapping(clientId: string, year: number, record: MappingRecord): Promise<boolean>;
  deleteMapping(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean>;
}

export interface ProgramDesignStore {
  /** The client-year's programme descriptions, in programme-id order. */
  getProgramDesigns(clientId: string, year: number): Promise<ProgramDesignRecord[]>;
  putProgramDesign(clientId: string, year: number, record: ProgramDesignRecord): Promise<boolean>;
  deleteProgramDesign(clientId: string, year: number, programId: string, sequencer: string): Promise<boolean>;
}

export interface ClientYearStateStore {
  getState(clientId: string, year: number): Promise<ClientYearState>;
  /** Marks the client-year as changed; a compute request carrying an older sequence is then stale. */
  bumpChangeSeq(clientId: string, year: number): Promise<number>;
  markRendered(clientId: string, year: number, inputsHash: string, version: number): Promise<void>;
}

/** A stored row chunk: its columns are decompressed, parsed and checked only when asked for. */
export type StoredChunk = { fileId: string; ingestId: string; key: TableKey } & (
  | { dataset: 'reaction'; columns(): ReactionColumns }
  | { dataset: 'assessment'; columns(): AssessmentColumns }
);

export interface ClientYearSnapshot {
  files: FileRecord[];
  chunks: StoredChunk[];
  rejections: Rejection[];
  /** The client-year's commentary and programme descriptions (in programme-id order): items of the same partition, so the same read. */
  commentary?: CommentaryRecord;
  programDesigns: ProgramDesignRecord[];
}

/** What the table holds about one uploaded file name: its committed record, its latest rejection, and the upload URL last handed out for it. */
export interface FileStatus {
  record?: FileRecord;
  rejection?: Rejection;
  intent?: UploadIntent;
}

export interface FileStore {
  getFile(clientId: string, year: number, fileName: string): Promise<FileRecord | undefined>;
  /** The file's record, rejection and upload intent in one read (ingest's first read of a data file). */
  getFileStatus(clientId: string, year: number, fileName: string): Promise<FileStatus>;
  listFiles(clientId: string, year: number): Promise<FileRecord[]>;
  /** Switches the file to a new ingest unless a newer upload of the key already did; false then. */
  commitFile(clientId: string, year: number, record: FileRecord): Promise<boolean>;
  setQuarantinePending(clientId: string, year: number, fileName: string, pending: boolean): Promise<void>;
  removeFile(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean>;
  /** Returns the file that already owns identical content, if another one does. */
  claimContent(clientId: string, year: number, sha256: string, fileName: string): Promise<string | undefined>;
  releaseContent(clientId: string, year: number, sha256: string, fileName: string): Promise<void>;
  putRejection(clientId: string, year: number, rejection: Rejection): Promise<void>;
  clearRejection(clientId: string, year: number, fileName: string): Promise<void>;
  listRejections(clientId: string, year: number): Promise<Rejection[]>;
}

/** One ingest's row-key digest as stored (complete: every part there, every row covered). */
export interface StoredRowKeyDigest {
  fileId: string;
  ingestId: string;
  digest: RowKeyDigest;
}

export interface RowStore {
  /**
   * Writes a file's row chunks (numbered in order) and returns how many there were. `keyDigest`, when
   * given, is called once every chunk has been taken, and the digest it returns is written with them.
   */
  putRowChunks(
    clientId: string,
    year: number,
    fileId: string,
    ingestId: string,
    chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>,
    keyDigest?: () => RowKeyDigest,
  ): Promise<number>;
  /** Also deletes the row-key digests of the ingests whose chunks it deletes. */
  deleteRowChunks(clientId: string, year: number, fileId: string, keepIngestId?: string): Promise<number>;
  deleteIngestChunks(clientId: string, year: number, fileId: string, ingestId: string): Promise<number>;
  /** The complete row-key digests of the client-year's ingests (an incomplete one is left out, as if absent). */
  readRowKeyDigests(clientId: string, year: number): Promise<StoredRowKeyDigest[]>;
  /** The row chunks of one ingest of a file, in row order. */
  readIngestChunks(clientId: string, year: number, fileId: string, ingestId: string): Promise<StoredChunk[]>;
  /** Files, row chunks, rejections, commentary and programme descriptions of one client-year, in one read. */
  readClientYear(clientId: string, year: number): Promise<ClientYearSnapshot>;
}

/** Who asked for a change: upload URLs handed out, and the latest consultant action. */
export interface ActivityStore {
  putUploadIntent(clientId: string, year: number, fileName: string, intent: UploadIntent): Promise<void>;
  /** The consultant whose upload URL was live when the object arrived (`at`: its last-modified time). */
  uploaderOf(clientId: string, year: number, fileName: string, at: Date): Promise<Actor | undefined>;
  putConsultantAction(clientId: string, year: number, action: ConsultantAction): Promise<void>;
  getConsultantAction(clientId: string, year: number): Promise<ConsultantAction | undefined>;
}

export interface MetricsStore {
  /** False when metrics from a later change sequence are already stored. */
  putMetrics(doc: MetricsDocument, seq: number): Promise<boolean>;
  getMetrics(clientId: string, year: number): Promise<MetricsDocument | undefined>;
  listMetrics(clientId: string): Promise<MetricsDocument[]>;
  /**
   * Every year with a stored metrics document, oldest first, with how many data files its figures count:
   * every upload is computed, a refused one too, so a year whose files were all refused, deleted or erased
   * is here with none. Read from the metrics items' keys and counts, not their documents.
   */
  listComputedYears(clientId: string): Promise<ComputedYear[]>;
}

export interface ComputedYear {
  year: number;
  /** Data files (survey exports) with rows counted in the year's figures: none means the year has no figures. */
  dataFiles: number;
}

export type EmailKind = 'delivery' | 'draft';

export interface ReportStore {
  listReportVersions(clientId: string, year: number): Promise<ReportVersion[]>;
  getReportVersion(clientId: string, year: number, version: number): Promise<ReportVersion | undefined>;
  /** False when another renderer took the version number first. */
  claimReportVersion(report: ReportVersion): Promise<boolean>;
  /**
   * Stores the outcome (ready or failed) of a version still being rendered. False when it is no longer
   * rendering: a concurrent attempt at the same version finished first, and its record (with any
   * delivery claim on it) must not be overwritten.
   */
  finishReportVersion(report: ReportVersion): Promise<boolean>;
  claimDelivery(clientId: string, year: number, version: number, at: string, leaseMs: number, kind?: EmailKind): Promise<boolean>;
  releaseDelivery(clientId: string, year: number, version: number, kind?: EmailKind): Promise<void>;
  completeDelivery(clientId: string, year: number, version: number, delivery: NonNullable<ReportVersion['delivery']>): Promise<void>;
  completeDraft(clientId: string, year: number, version: number, draft: NonNullable<ReportVersion['draft']>): Promise<void>;
  approveVersion(clientId: string, year: number, version: number, approval: NonNullable<ReportVersion['approval']>): Promise<'approved' | 'already' | 'not-ready'>;
  withdrawVersions(clientId: string, year: number, at: string, reason?: WithdrawalReason): Promise<number>;
}

export interface JobStore {
  getJob(clientId: string, year: number): Promise<Job | undefined>;
  /** Starts a job unless one is running for the client-year; returns the running or the new job. */
  startJob(job: Job): Promise<{ job: Job; created: boolean }>;
  updateJob(clientId: string, year: number, jobId: string, patch: Partial<Job>): Promise<void>;
}

export interface AuditLog {
  appendAudit(event: AuditEvent, id: string): Promise<void>;
  listAudit(clientId?: string): Promise<AuditEvent[]>;
}

export interface DeadLetterStore {
  putDeadLetterReason(reason: DeadLetterReason): Promise<void>;
  getDeadLetterReason(queue: string, messageId: string): Promise<DeadLetterReason | undefined>;
  listDeadLetterReasons(queue: string): Promise<DeadLetterReason[]>;
  deleteDeadLetterReason(queue: string, messageId: string): Promise<void>;
}

/** Every store, by name; a stage's dependencies are a `Pick` of it. */
export interface Stores {
  settings: SettingsStore;
  instruments: InstrumentStore;
  commentary: CommentaryStore;
  mappings: MappingStore;
  programDesigns: ProgramDesignStore;
  state: ClientYearStateStore;
  files: FileStore;
  rows: RowStore;
  activity: ActivityStore;
  metrics: MetricsStore;
  reports: ReportStore;
  jobs: JobStore;
  audit: AuditLog;
  deadLetters: DeadLetterStore;
}
