import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { promisify } from 'node:util';
import { brotliCompress as brotliCompressCallback, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import {
  clientSettingsSchema,
  commentaryRecordSchema,
  instrumentDefinitionSchema,
  mappingRecordSchema,
  programDesignRecordSchema,
  type ProgramDesignRecord,
  type MappingRecord,
  type CommentaryRecord,
  type ClientSettings,
  type InstrumentDefinition,
  type MetricsDocument,
  type Problem,
} from '../core/model/index.ts';
import type { RowChunk } from '../core/rows/chunks.ts';
import { batchWrite, isConditionalCheckFailed, queryAll, } from './dynamo.ts';

/**
 * Single-table design. Access patterns (all Query or GetItem, never Scan):
 *
 * | pk                | sk                                   | what                                   |
 * |-------------------|--------------------------------------|----------------------------------------|
 * | CLIENT#<c>        | SETTINGS                             | client settings (gsi1: CLIENTS / <c>)  |
 * | CLIENT#<c>        | INSTRUMENT#<id>                      | the client's own instrument definitions|
 * | CLIENT#<c>        | METRICS#<year>                       | metrics document, Brotli (trend = Query) |
 * | CLIENT#<c>        | METRICSPART#<year>#<part:3>          | further parts of a document over one item |
 * | CLIENT#<c>        | REPORT#<year>#<version:6>            | report version records                 |
 * | CLIENT#<c>        | JOB#<year>                           | the current regeneration job           |
 * | CY#<c>#<year>     | STATE                                | change sequence (debounce, version check) |
 * | CY#<c>#<year>     | FILE#<file name>                     | committed file record                  |
 * | CY#<c>#<year>     | HASH#<sha256>                        | which file owns this content           |
 * | CY#<c>#<year>     | ROWS#<file id>#<ingest id>#<chunk:5> | packed rows of one committed ingest (Brotli) |
 * | CY#<c>#<year>     | REJECTION#<file name>                | latest rejection of a file             |
 * | CY#<c>#<year>     | UPLOAD#<file name>                   | who was last given an upload URL for it |
 * | CY#<c>#<year>     | ACTION                               | the latest consultant action (not an upload) that changes the report |
 * | CY#<c>#<year>     | COMMENTARY                           | the consultant's commentary (kommentar.md) |
 * | CY#<c>#<year>     | PROGRAM#<programme id>               | a programme description (<id>.program.json) |
 * | AUDIT#<c>         | <iso time>#<id>                      | audit trail (gsi1: AUDIT / <time>)     |
 * | DLQ#<queue>       | <message id>                         | why a message failed its last attempt  |
 *
 * A file's rows count only when its FILE record names their ingest id: rows are written first, the
 * FILE record is then switched with a conditional write. That makes a file all-or-nothing without
 * transactions (the local emulator has none).
 */

export const clientPk = (clientId: string) => `CLIENT#${clientId}`;
export const clientYearPk = (clientId: string, year: number) => `CY#${clientId}#${year}`;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface FileRecord {
  fileName: string;
  dataset: 'reaction' | 'assessment';
  sha256: string;
  ingestId: string;
  fileId: string;
  rows: number;
  chunks: number;
  uploadedAt: string;
  firstDate: string | null;
  lastDate: string | null;
  /** S3 event sequencer of the upload this record reflects, zero-padded so strings compare in order. */
  sequencer: string;
  /** Set while a rejected re-upload of this key is moved to quarantine, so its removal keeps these rows. */
  quarantinePending?: boolean;
  /** The consultant whose upload URL put the file there; absent for files dropped into the bucket directly. */
  uploadedBy?: Actor;
  /** The mapping file the export was read through, and that mapping's content hash: changing or removing it re-reads this file. */
  mapping?: { fileName: string; sha256: string };
}

/** A signed-in person who did something; `email` when their token carried one. */
export interface Actor {
  sub: string;
  email?: string;
}

/** A presigned upload URL handed to a consultant: the upload that arrives within its lifetime is theirs. */
export interface UploadIntent extends Actor {
  issuedAt: string;
  expiresAt: string;
}

/** The latest consultant action through the API that makes a new version (delete, erasure, regenerate, commentary). */
export interface ConsultantAction extends Actor {
  at: string;
  action: 'regenerate' | 'file-delete' | 'erasure' | 'commentary' | 'program-design';
}

export interface ClientYearState {
  changeSeq: number;
  computedSeq: number;
  /** Inputs hash of the newest report rendered for this client-year. */
  renderedInputsHash?: string;
  renderedVersion?: number;
}

export type ReportStatus = 'rendering' | 'ready' | 'failed';
export type DeliveryStatus = 'sending' | 'sent' | 'skipped';

export interface ReportVersion {
  clientId: string;
  year: number;
  version: number;
  status: ReportStatus;
  inputsHash: string;
  createdAt: string;
  s3Key: string;
  bytes?: number;
  sha256?: string;
  inputs?: { file: string; sha256: string; rows: number }[];
  jobId?: string;
  deliver?: boolean;
  failure?: string;
  delivery?: { status: DeliveryStatus; at: string; messageId?: string; recipients?: number };
  /** The draft e-mail to the reviewing consultant (review mode); `no-reviewer` when nobody could be told. */
  draft?: { status: DeliveryStatus | 'no-reviewer'; at: string; to?: string; messageId?: string };
  /** Who approved sending this version to the client, and when (review mode). */
  approval?: { by: string; at: string };
  /** Made before a person's data was erased: never sent or downloaded again (docs/erasure.md). */
  /** erasure: made before a person was erased; no-data: the year's last data file was deleted. */
  withdrawn?: { at: string; reason: 'erasure' | 'no-data' };
}

/** Longer than a message's full retry budget (5 receives of the longest visibility timeout). */
export const JOB_STALE_MS = 45 * 60_000;

export type JobStatus = 'queued' | 'computing' | 'rendering' | 'delivering' | 'done' | 'failed';
export interface Job {
  id: string;
  clientId: string;
  year: number;
  status: JobStatus;
  deliver: boolean;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  version?: number;
  error?: string;
}

export interface AuditEvent {
  clientId: string;
  at: string;
  action: 'upload' | 'rejection' | 'regenerate' | 'download' | 'settings-change' | 'report' | 'delivery' | 'erasure' | 'commentary' | 'draft' | 'approval' | 'file-delete';
  actor: string;
  detail: Record<string, string | number | boolean>;
}

/** Why a message failed its last attempt before SQS moved it to the dead-letter queue. */
export interface DeadLetterReason {
  /** Source queue name (the DLQ is `<queue>-dlq`). */
  queue: string;
  /** SQS keeps the message id when it dead-letters a message. */
  messageId: string;
  reason: string;
  receiveCount: number;
  failedAt: string;
  /** The message body (first 4,000 characters), to recognise the message after a redrive. */
  body: string;
}

export interface Rejection {
  fileName: string;
  rejectedAt: string;
  problems: Problem[];
  totalProblems: number;
  quarantineKey?: string;
  uploadedBy?: Actor;
  /** For an export no mapping fits: the proposed mapping file to correct and upload. */
  proposedMapping?: { fileName: string; json: string };
}

/** How long after its expiry an upload URL still names the uploader (clock skew between S3 and the API). */
const UPLOAD_INTENT_SLACK_MS = 60_000;

export class EffektTable {
  constructor(
    private readonly db: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Runs a conditional write; false when its condition failed (another writer was first, or newer); any other error is thrown. */
  private async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
    );
    return result.Item ? unmarshall(result.Item) : undefined;
  }

  private async put(
    item: Record<string, unknown>,
    condition?: { expression: string; values?: Record<string, unknown>; names?: Record<string, string> },
  ) {
    await this.db.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: condition?.expression,
        ExpressionAttributeValues: condition?.values ? marshall(condition.values) : undefined,
        ExpressionAttributeNames: condition?.names,
      }),
    );
  }

  private async delete(pk: string, sk: string) {
    await this.db.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall({ pk, sk }) }));
  }

  // ---- client settings and instruments --------------------------------------------------------

  async getSettings(clientId: string): Promise<ClientSettings | undefined> {
    const item = await this.get(clientPk(clientId), 'SETTINGS');
    return item ? clientSettingsSchema.parse(JSON.parse(item.settings as string)) : undefined;
  }

  /**
   * Read-modify-write of a client's settings with optimistic concurrency: the API (a consultant's PUT)
   * and the SES feedback handler (bounced addresses) may write at the same time, and neither may
   * lose the other's change. `change` returns undefined to leave the settings as they are.
   */
  async updateSettings(
    clientId: string,
    change: (current: ClientSettings | undefined) => ClientSettings | undefined,
  ): Promise<{ before: ClientSettings | undefined; after: ClientSettings } | undefined> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const item = await this.get(clientPk(clientId), 'SETTINGS');
      const stored = item?.settings as string | undefined;
      const before = stored === undefined ? undefined : clientSettingsSchema.parse(JSON.parse(stored));
      const after = change(before);
      if (!after) return undefined;
      try {
        await this.put(
          { pk: clientPk(clientId), sk: 'SETTINGS', gsi1pk: 'CLIENTS', gsi1sk: clientId, settings: JSON.stringify(after) },
          stored === undefined
            ? { expression: 'attribute_not_exists(pk)' }
            : { expression: '#s = :prev', values: { ':prev': stored }, names: { '#s': 'settings' } },
        );
        return { before, after };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    throw new Error(`the settings of client ${clientId} kept changing while being updated; try again`);
  }

  async putSettings(settings: ClientSettings): Promise<void> {
    await this.put({
      pk: clientPk(settings.clientId),
      sk: 'SETTINGS',
      gsi1pk: 'CLIENTS',
      gsi1sk: settings.clientId,
      settings: JSON.stringify(settings),
    });
  }

  async listClientIds(): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: marshall({ ':p': 'CLIENTS' }),
    });
    return items.map((i) => unmarshall(i).gsi1sk as string).sort();
  }

  async getClientInstruments(clientId: string): Promise<InstrumentDefinition[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientPk(clientId), ':s': 'INSTRUMENT#' }),
    });
    return items.map((i) => instrumentDefinitionSchema.parse(JSON.parse(unmarshall(i).definition as string)));
  }

  async putInstrument(clientId: string, definition: InstrumentDefinition): Promise<void> {
    await this.put({ pk: clientPk(clientId), sk: `INSTRUMENT#${definition.id}`, definition: JSON.stringify(definition) });
  }

  // ---- commentary --------------------------------------------------------------------------------

  async getCommentary(clientId: string, year: number): Promise<CommentaryRecord | undefined> {
    const item = await this.get(clientYearPk(clientId, year), 'COMMENTARY');
    if (!item) return undefined;
    const parsed = commentaryRecordSchema.safeParse(JSON.parse(item.commentary as string));
    if (!parsed.success) throw new Error(`stored commentary of ${clientId} ${year} (COMMENTARY) is not a valid record: ${parsed.error.message}`);
    return parsed.data;
  }

  /** Stores the commentary unless a newer upload (by S3 sequencer) is already stored; false when it lost. */
  async putCommentary(clientId: string, year: number, record: CommentaryRecord): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: clientYearPk(clientId, year), sk: 'COMMENTARY', sequencer: record.sequencer, commentary: JSON.stringify(commentaryRecordSchema.parse(record)) }),
          ConditionExpression: 'attribute_not_exists(pk) OR sequencer <= :s',
          ExpressionAttributeValues: marshall({ ':s': record.sequencer }),
        }),
      ),
    );
  }

  /** Removes the commentary unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteCommentary(clientId: string, year: number, sequencer: string): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientYearPk(clientId, year), sk: 'COMMENTARY' }),
          ConditionExpression: 'attribute_exists(pk) AND sequencer < :s',
          ExpressionAttributeValues: marshall({ ':s': sequencer }),
        }),
      ),
    );
  }

  // ---- programme descriptions (<programme-id>.program.json) ---------------------------------------

  /** The client-year's programme descriptions, each validated on read, in programme-id order. */
  async getProgramDesigns(clientId: string, year: number): Promise<ProgramDesignRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year), ':s': 'PROGRAM#' }),
    });
    return items.map((raw) => {
      const item = unmarshall(raw);
      const parsed = programDesignRecordSchema.safeParse(JSON.parse(item.design as string));
      if (!parsed.success) throw new Error(`stored programme description ${String(item.sk)} of ${clientId} ${year} is not a valid record: ${parsed.error.message}`);
      return parsed.data;
    });
  }

  /** Stores a programme description unless a newer upload of it (by S3 sequencer) is already stored; false when it lost. */
  async putProgramDesign(clientId: string, year: number, record: ProgramDesignRecord): Promise<boolean> {
    return this.conditional(() =>
      this.put(
        { pk: clientYearPk(clientId, year), sk: `PROGRAM#${record.programId}`, sequencer: record.sequencer, design: JSON.stringify(programDesignRecordSchema.parse(record)) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      ),
    );
  }

  /** Removes a programme description unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteProgramDesign(clientId: string, year: number, programId: string, sequencer: string): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientYearPk(clientId, year), sk: `PROGRAM#${programId}` }),
          ConditionExpression: 'attribute_exists(pk) AND sequencer < :s',
          ExpressionAttributeValues: marshall({ ':s': sequencer }),
        }),
      ),
    );
  }

  // ---- client-year state -------------------------------------------------------------------------

  async getState(clientId: string, year: number): Promise<ClientYearState> {
    const item = await this.get(clientYearPk(clientId, year), 'STATE');
    return {
      changeSeq: (item?.changeSeq as number | undefined) ?? 0,
      computedSeq: (item?.computedSeq as number | undefined) ?? 0,
      renderedInputsHash: item?.renderedInputsHash as string | undefined,
      renderedVersion: item?.renderedVersion as number | undefined,
    };
  }

  /** Marks the client-year as changed; a compute request carrying an older sequence is then stale. */
  async bumpChangeSeq(clientId: string, year: number): Promise<number> {
    const result = await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientYearPk(clientId, year), sk: 'STATE' }),
        UpdateExpression: 'ADD changeSeq :one',
        ExpressionAttributeValues: marshall({ ':one': 1 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return unmarshall(result.Attributes ?? {}).changeSeq as number;
  }

  async markRendered(clientId: string, year: number, inputsHash: string, version: number): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientYearPk(clientId, year), sk: 'STATE' }),
        UpdateExpression: 'SET renderedInputsHash = :h, renderedVersion = :v',
        ConditionExpression: 'attribute_not_exists(renderedVersion) OR renderedVersion < :v',
        ExpressionAttributeValues: marshall({ ':h': inputsHash, ':v': version }),
      }),
    ).catch((error: unknown) => {
      // A newer version was already recorded: that one stays current.
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }

  // ---- files and rows ----------------------------------------------------------------------------

  async getFile(clientId: string, year: number, fileName: string): Promise<FileRecord | undefined> {
    const item = await this.get(clientYearPk(clientId, year), `FILE#${fileName}`);
    return item ? (item.record as FileRecord) : undefined;
  }

  /**
   * Switches the file to a new ingest, unless a newer upload of the same key already did.
   * Returns false when this upload is older than the committed one.
   */
  async commitFile(clientId: string, year: number, record: FileRecord): Promise<boolean> {
    try {
      await this.put(
        { pk: clientYearPk(clientId, year), sk: `FILE#${record.fileName}`, sequencer: record.sequencer, record },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async setQuarantinePending(clientId: string, year: number, fileName: string, pending: boolean): Promise<void> {
    const existing = await this.getFile(clientId, year, fileName);
    if (!existing) return;
    await this.put({
      pk: clientYearPk(clientId, year),
      sk: `FILE#${fileName}`,
      sequencer: existing.sequencer,
      record: { ...existing, quarantinePending: pending || undefined },
    });
  }

  /** Removes a file's record (its rows stop counting at once), unless a newer upload replaced it. */
  async removeFile(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientYearPk(clientId, year), sk: `FILE#${fileName}` }),
          ConditionExpression: 'sequencer <= :s',
          ExpressionAttributeValues: marshall({ ':s': sequencer }),
        }),
      ),
    );
  }

  /** Claims content for a file; returns the file that already owns identical content, if another one does. */
  async claimContent(clientId: string, year: number, sha256: string, fileName: string): Promise<string | undefined> {
    try {
      await this.put(
        { pk: clientYearPk(clientId, year), sk: `HASH#${sha256}`, fileName },
        { expression: 'attribute_not_exists(pk) OR fileName = :f', values: { ':f': fileName } },
      );
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const owner = await this.get(clientYearPk(clientId, year), `HASH#${sha256}`);
      return owner?.fileName as string | undefined;
    }
  }

  async releaseContent(clientId: string, year: number, sha256: string, fileName: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientYearPk(clientId, year), sk: `HASH#${sha256}` }),
          ConditionExpression: 'fileName = :f',
          ExpressionAttributeValues: marshall({ ':f': fileName }),
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * Writes a file's row chunks (numbered in order) and returns how many there were. `chunks` may be a
   * generator, also an async one: chunks are packed as the writers take them, so packing overlaps the writes.
   */
  async putRowChunks(clientId: string, year: number, fileId: string, ingestId: string, chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>): Promise<number> {
    const pk = clientYearPk(clientId, year);
    const item = (sk: string, dataset: string, rows: Uint8Array): WriteRequest => ({
      // What `marshall` makes of these attributes, without its walk over a 100 KB value.
      PutRequest: { Item: { pk: { S: pk }, sk: { S: sk }, dataset: { S: dataset }, rowsBr: { B: rows } } },
    });
    async function* requests(): AsyncGenerator<WriteRequest, void, undefined> {
      let index = 0;
      let previous: { sk: string; dataset: string; rows: Promise<Uint8Array> } | undefined;
      // Each chunk compresses on libuv's thread pool while the next one is packed on this thread.
      for await (const chunk of chunks) {
        const rows = compressRows(chunk.utf8);
        // Awaited below; until then a failure must not count as an unhandled rejection.
        rows.catch(() => undefined);
        const current = { sk: `ROWS#${fileId}#${ingestId}#${pad(index++, 5)}`, dataset: chunk.dataset, rows };
        if (previous) yield item(previous.sk, previous.dataset, await previous.rows);
        previous = current;
      }
      if (previous) yield item(previous.sk, previous.dataset, await previous.rows);
    }
    return batchWrite(this.db, this.tableName, requests(), { maxBatchBytes: ROW_CHUNK_BATCH_BYTES });
  }

  /** Deletes row chunks of a file except those of `keepIngestId` (garbage of replaced or crashed ingests). */
  async deleteRowChunks(clientId: string, year: number, fileId: string, keepIngestId?: string): Promise<number> {
    const pk = clientYearPk(clientId, year);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': pk, ':s': `ROWS#${fileId}#` }),
      ProjectionExpression: 'pk, sk',
    });
    const doomed = items.filter((i) => keepIngestId === undefined || !(i.sk?.S ?? '').startsWith(`ROWS#${fileId}#${keepIngestId}#`));
    await batchWrite(this.db, this.tableName, doomed.map((Key) => ({ DeleteRequest: { Key } })));
    return doomed.length;
  }

  /**
   * Deletes the row chunks of exactly one ingest of a file. Unlike `deleteRowChunks`, it never touches
   * the rows of another ingest of the same key that may be in flight (written, not yet committed).
   */
  async deleteIngestChunks(clientId: string, year: number, fileId: string, ingestId: string): Promise<number> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year), ':s': `ROWS#${fileId}#${ingestId}#` }),
      ProjectionExpression: 'pk, sk',
    });
    await batchWrite(this.db, this.tableName, items.map((Key) => ({ DeleteRequest: { Key } })));
    return items.length;
  }

  /** Everything stored for one client-year, in one paged Query. */
  async readClientYear(clientId: string, year: number): Promise<ClientYearSnapshot> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year) }),
    });
    const snapshot: ClientYearSnapshot = { files: [], chunks: [], rejections: [] };
    for (const raw of items) {
      const item = unmarshall(raw);
      const sk = item.sk as string;
      if (sk.startsWith('FILE#')) snapshot.files.push(item.record as FileRecord);
      else if (sk.startsWith('ROWS#')) {
        const [, fileId, ingestId] = sk.split('#') as [string, string, string];
        snapshot.chunks.push({ fileId, ingestId, dataset: item.dataset as 'reaction' | 'assessment', json: storedRowsJson(item) });
      } else if (sk.startsWith('REJECTION#')) snapshot.rejections.push(item.rejection as Rejection);
    }
    return snapshot;
  }

  async putRejection(clientId: string, year: number, rejection: Rejection): Promise<void> {
    await this.put({ pk: clientYearPk(clientId, year), sk: `REJECTION#${rejection.fileName}`, rejection });
  }

  async clearRejection(clientId: string, year: number, fileName: string): Promise<void> {
    await this.delete(clientYearPk(clientId, year), `REJECTION#${fileName}`);
  }

  // ---- metrics -----------------------------------------------------------------------------------

  /**
   * Stores metrics computed from change sequence `seq`, unless metrics from a later sequence are
   * already stored: two compute jobs for one client-year can never leave an older result on top.
   */
  async putMetrics(doc: MetricsDocument, seq: number): Promise<boolean> {
    // The document is stored compressed and, when even that is over an item's limit, in parts written
    // before the main item: a reader only trusts parts stamped with the main item's sequence.
    const parts = metricsParts(await compressMetrics(doc));
    for (const [index, part] of parts.entries()) {
      if (index === 0) continue;
      await this.put({ pk: clientPk(doc.client), sk: `METRICSPART#${doc.year}#${pad(index, 3)}`, computedSeq: seq, docBr: part });
    }
    try {
      await this.put(
        {
          pk: clientPk(doc.client),
          sk: `METRICS#${doc.year}`,
          computedSeq: seq,
          inputsHash: doc.inputsHash,
          parts: parts.length,
          docBr: parts[0],
        },
        { expression: 'attribute_not_exists(pk) OR computedSeq <= :s', values: { ':s': seq } },
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientYearPk(doc.client, doc.year), sk: 'STATE' }),
        UpdateExpression: 'SET computedSeq = :s',
        ConditionExpression: 'attribute_not_exists(computedSeq) OR computedSeq <= :s',
        ExpressionAttributeValues: marshall({ ':s': seq }),
      }),
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
    return true;
  }

  async getMetrics(clientId: string, year: number): Promise<MetricsDocument | undefined> {
    const item = await this.get(clientPk(clientId), `METRICS#${year}`);
    return item ? this.readMetrics(clientId, year, item) : undefined;
  }

  async listMetrics(clientId: string): Promise<MetricsDocument[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientPk(clientId), ':s': 'METRICS#' }),
    });
    return Promise.all(
      items.map((raw) => {
        const item = unmarshall(raw);
        return this.readMetrics(clientId, Number(String(item.sk).slice('METRICS#'.length)), item);
      }),
    );
  }

  /** The stored document: the main item's part, then the others, each stamped with the main item's sequence. */
  private async readMetrics(clientId: string, year: number, item: Record<string, unknown>): Promise<MetricsDocument> {
    const partCount = typeof item.parts === 'number' ? item.parts : 1;
    const parts: Uint8Array[] = [item.docBr as Uint8Array];
    for (let index = 1; index < partCount; index++) {
      const part = await this.get(clientPk(clientId), `METRICSPART#${year}#${pad(index, 3)}`);
      if (!part || part.computedSeq !== item.computedSeq) {
        throw new Error(`metrics of ${clientId} ${year} (METRICSPART#${index}) belong to another computation; they are being rewritten, read again`);
      }
      parts.push(part.docBr as Uint8Array);
    }
    return JSON.parse(brotliDecompressSync(Buffer.concat(parts)).toString('utf8')) as MetricsDocument;
  }

  // ---- report versions ---------------------------------------------------------------------------

  async listReportVersions(clientId: string, year: number): Promise<ReportVersion[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientPk(clientId), ':s': `REPORT#${year}#` }),
    });
    return items.map((i) => unmarshall(i).report as ReportVersion);
  }

  async getReportVersion(clientId: string, year: number, version: number): Promise<ReportVersion | undefined> {
    const item = await this.get(clientPk(clientId), `REPORT#${year}#${pad(version, 6)}`);
    return item ? (item.report as ReportVersion) : undefined;
  }

  /** Claims a version number; false when another renderer took it first. */
  async claimReportVersion(report: ReportVersion): Promise<boolean> {
    try {
      await this.put(
        { pk: clientPk(report.clientId), sk: `REPORT#${report.year}#${pad(report.version, 6)}`, report },
        { expression: 'attribute_not_exists(pk)' },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async saveReportVersion(report: ReportVersion): Promise<void> {
    await this.put({ pk: clientPk(report.clientId), sk: `REPORT#${report.year}#${pad(report.version, 6)}`, report });
  }

  /**
   * At most one sender per report version and e-mail kind (`delivery` to the client, `draft` to the
   * consultant): a second attempt finds the claim and stops.
   */
  async claimDelivery(clientId: string, year: number, version: number, at: string, leaseMs: number, kind: 'delivery' | 'draft' = 'delivery'): Promise<boolean> {
    const lease = kind === 'delivery' ? 'deliveryLeaseUntil' : 'draftLeaseUntil';
    return this.conditional(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(version, 6)}` }),
          UpdateExpression: 'SET #r.#d = :d, #lease = :lease',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#r.#d) OR (#r.#d.#st = :sending AND #lease < :now))',
          ExpressionAttributeNames: { '#r': 'report', '#d': kind, '#st': 'status', '#lease': lease },
          ExpressionAttributeValues: marshall({
            ':d': { status: 'sending', at },
            ':lease': Date.parse(at) + leaseMs,
            ':sending': 'sending',
            ':now': Date.parse(at),
          }),
        }),
      ),
    );
  }

  /** Gives up a delivery claim after a failed send, so the retry may send at once. */
  async releaseDelivery(clientId: string, year: number, version: number, kind: 'delivery' | 'draft' = 'delivery'): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(version, 6)}` }),
        UpdateExpression: 'REMOVE #r.#d, #lease',
        ConditionExpression: '#r.#d.#st = :sending',
        ExpressionAttributeNames: { '#r': 'report', '#d': kind, '#st': 'status', '#lease': kind === 'delivery' ? 'deliveryLeaseUntil' : 'draftLeaseUntil' },
        ExpressionAttributeValues: marshall({ ':sending': 'sending' }),
      }),
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }

  async completeDelivery(
    clientId: string,
    year: number,
    version: number,
    delivery: NonNullable<ReportVersion['delivery']>,
  ): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(version, 6)}` }),
        UpdateExpression: 'SET #r.#d = :d',
        ExpressionAttributeNames: { '#r': 'report', '#d': 'delivery' },
        ExpressionAttributeValues: marshall({ ':d': delivery }, { removeUndefinedValues: true }),
      }),
    );
  }

  async completeDraft(clientId: string, year: number, version: number, draft: NonNullable<ReportVersion['draft']>): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(version, 6)}` }),
        UpdateExpression: 'SET #r.#d = :d',
        ExpressionAttributeNames: { '#r': 'report', '#d': 'draft' },
        ExpressionAttributeValues: marshall({ ':d': draft }, { removeUndefinedValues: true }),
      }),
    );
  }

  /**
   * Records the approval of a ready version, once: `approved` the first time, `already` when it was
   * approved before (the earlier approval stands), `not-ready` for a version that is missing, still
   * rendering or failed (a broken report is never sent).
   */
  async approveVersion(clientId: string, year: number, version: number, approval: NonNullable<ReportVersion['approval']>): Promise<'approved' | 'already' | 'not-ready'> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(version, 6)}` }),
          UpdateExpression: 'SET #r.#a = :a',
          ConditionExpression: 'attribute_exists(pk) AND #r.#st = :ready AND attribute_not_exists(#r.#a) AND attribute_not_exists(#r.withdrawn)',
          ExpressionAttributeNames: { '#r': 'report', '#a': 'approval', '#st': 'status' },
          ExpressionAttributeValues: marshall({ ':a': approval, ':ready': 'ready' }),
        }),
      );
      return 'approved';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.getReportVersion(clientId, year, version);
      return current?.status === 'ready' && current.approval && !current.withdrawn ? 'already' : 'not-ready';
    }
  }

  /** Marks every version of a client-year made so far as withdrawn (after an erasure, or when no data is left). */
  async withdrawVersions(clientId: string, year: number, at: string, reason: 'erasure' | 'no-data' = 'erasure'): Promise<number> {
    const versions = await this.listReportVersions(clientId, year);
    let withdrawn = 0;
    for (const v of versions) {
      if (v.withdrawn) continue;
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientPk(clientId), sk: `REPORT#${year}#${pad(v.version, 6)}` }),
          UpdateExpression: 'SET #r.withdrawn = :w',
          ExpressionAttributeNames: { '#r': 'report' },
          ExpressionAttributeValues: marshall({ ':w': { at, reason } }),
        }),
      );
      withdrawn += 1;
    }
    return withdrawn;
  }

  // ---- who asked for a change ----------------------------------------------------------------------

  async putUploadIntent(clientId: string, year: number, fileName: string, intent: UploadIntent): Promise<void> {
    await this.put({ pk: clientYearPk(clientId, year), sk: `UPLOAD#${fileName}`, intent });
  }

  /** The consultant whose upload URL was live when the object arrived (`at`: its last-modified time). */
  async uploaderOf(clientId: string, year: number, fileName: string, at: Date): Promise<Actor | undefined> {
    const item = await this.get(clientYearPk(clientId, year), `UPLOAD#${fileName}`);
    const intent = item?.intent as UploadIntent | undefined;
    if (!intent) return undefined;
    const time = at.getTime();
    if (time < Date.parse(intent.issuedAt) - UPLOAD_INTENT_SLACK_MS || time > Date.parse(intent.expiresAt) + UPLOAD_INTENT_SLACK_MS) return undefined;
    return { sub: intent.sub, ...(intent.email ? { email: intent.email } : {}) };
  }

  async putConsultantAction(clientId: string, year: number, action: ConsultantAction): Promise<void> {
    await this.put({ pk: clientYearPk(clientId, year), sk: 'ACTION', action });
  }

  async getConsultantAction(clientId: string, year: number): Promise<ConsultantAction | undefined> {
    const item = await this.get(clientYearPk(clientId, year), 'ACTION');
    return item?.action as ConsultantAction | undefined;
  }


  async listRejections(clientId: string, year: number): Promise<Rejection[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year), ':s': 'REJECTION#' }),
    });
    return items.map((i) => unmarshall(i).rejection as Rejection);
  }

  // ---- jobs --------------------------------------------------------------------------------------

  async getJob(clientId: string, year: number): Promise<Job | undefined> {
    const item = await this.get(clientPk(clientId), `JOB#${year}`);
    return item ? (item.job as Job) : undefined;
  }

  /**
   * Starts a job unless one is running for the client-year; returns the running or the new job.
   * A job that has not moved for JOB_STALE_MS (its message dead-lettered, say) no longer blocks.
   */
  async startJob(job: Job): Promise<{ job: Job; created: boolean }> {
    const now = Date.parse(job.updatedAt);
    try {
      await this.put(
        { pk: clientPk(job.clientId), sk: `JOB#${job.year}`, job, active: 1, updatedAtMs: now },
        {
          expression: 'attribute_not_exists(pk) OR #active = :zero OR updatedAtMs < :stale',
          values: { ':zero': 0, ':stale': now - JOB_STALE_MS },
          names: { '#active': 'active' },
        },
      );
      return { job, created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const running = await this.getJob(job.clientId, job.year);
      if (!running) throw error;
      return { job: running, created: false };
    }
  }

  async updateJob(clientId: string, year: number, jobId: string, patch: Partial<Job>): Promise<void> {
    const current = await this.getJob(clientId, year);
    if (!current || current.id !== jobId) return;
    const job: Job = { ...current, ...patch };
    const finished = job.status === 'done' || job.status === 'failed';
    await this.put(
      { pk: clientPk(clientId), sk: `JOB#${year}`, job, active: finished ? 0 : 1, updatedAtMs: Date.parse(job.updatedAt) },
      { expression: '#job.#id = :id', values: { ':id': jobId }, names: { '#job': 'job', '#id': 'id' } },
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }

  // ---- dead letters ----------------------------------------------------------------------------

  async putDeadLetterReason(reason: DeadLetterReason): Promise<void> {
    await this.put({ pk: `DLQ#${reason.queue}`, sk: reason.messageId, deadLetter: reason });
  }

  async getDeadLetterReason(queue: string, messageId: string): Promise<DeadLetterReason | undefined> {
    const item = await this.get(`DLQ#${queue}`, messageId);
    return item ? (item.deadLetter as DeadLetterReason) : undefined;
  }

  async listDeadLetterReasons(queue: string): Promise<DeadLetterReason[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: marshall({ ':p': `DLQ#${queue}` }),
    });
    return items.map((i) => unmarshall(i).deadLetter as DeadLetterReason);
  }

  async deleteDeadLetterReason(queue: string, messageId: string): Promise<void> {
    await this.delete(`DLQ#${queue}`, messageId);
  }

  // ---- audit -------------------------------------------------------------------------------------

  async appendAudit(event: AuditEvent, id: string): Promise<void> {
    await this.put({
      pk: `AUDIT#${event.clientId}`,
      sk: `${event.at}#${id}`,
      gsi1pk: 'AUDIT',
      gsi1sk: `${event.at}#${id}`,
      event,
    });
  }

  async listAudit(clientId?: string): Promise<AuditEvent[]> {
    const items = await queryAll(
      this.db,
      clientId
        ? {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: marshall({ ':p': `AUDIT#${clientId}` }),
          }
        : {
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: marshall({ ':p': 'AUDIT' }),
          },
    );
    return items.map((i) => unmarshall(i).event as AuditEvent);
  }

  // ---- mapping files (survey-tool exports) -------------------------------------------------------
  // | CY#<c>#<year> | MAPPING#<file name> | a mapping file (*.mapping.json) of the client-year |

  /** The client-year's mapping files, each validated on read. */
  async getMappings(clientId: string, year: number): Promise<MappingRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year), ':m': 'MAPPING#' }),
    });
    return items.map((raw) => {
      const item = unmarshall(raw);
      const parsed = mappingRecordSchema.safeParse(JSON.parse(item.mapping as string));
      if (!parsed.success) throw new Error(`stored mapping ${String(item.sk)} of ${clientId} ${year} is not a valid record: ${parsed.error.message}`);
      return parsed.data;
    });
  }

  /** Stores a mapping unless a newer upload of it (by S3 sequencer) is already stored; false when it lost. */
  async putMapping(clientId: string, year: number, record: MappingRecord): Promise<boolean> {
    try {
      await this.put(
        { pk: clientYearPk(clientId, year), sk: `MAPPING#${record.fileName}`, sequencer: record.sequencer, mapping: JSON.stringify(mappingRecordSchema.parse(record)) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Removes a mapping unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteMapping(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: clientYearPk(clientId, year), sk: `MAPPING#${fileName}` }),
          ConditionExpression: 'attribute_exists(pk) AND sequencer < :s',
          ExpressionAttributeValues: marshall({ ':s': sequencer }),
        }),
      ),
    );
  }

  /** The committed files of a client-year (the FILE records only). */
  async listFiles(clientId: string, year: number): Promise<FileRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)',
      ExpressionAttributeValues: marshall({ ':p': clientYearPk(clientId, year), ':f': 'FILE#' }),
    });
    return items.map((raw) => unmarshall(raw).record as FileRecord);
  }
}

const brotliCompress = promisify(brotliCompressCallback);

/** Under DynamoDB's 400 KB item limit with room for the keys and attributes beside it. */
const METRICS_PART_BYTES = 350_000;

/** Metrics are written once per computation and read by every report: a higher quality pays off here. */
function compressMetrics(doc: MetricsDocument): Promise<Uint8Array> {
  const utf8 = Buffer.from(JSON.stringify(doc), 'utf8');
  return brotliCompress(utf8, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: utf8.byteLength } });
}

function metricsParts(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength || parts.length === 0; offset += METRICS_PART_BYTES) {
    parts.push(bytes.subarray(offset, offset + METRICS_PART_BYTES));
  }
  return parts;
}

/**
 * Row chunks go out about half a megabyte (a dozen compressed chunks) per BatchWriteItem: smaller batches
 * pay more in the SDK's per-request work, larger ones are no faster and make the first write wait longer
 * for the packing (figures in docs/benchmarks.md, "Figures formerly in code comments").
 */
const ROW_CHUNK_BATCH_BYTES = 500_000;

/**
 * Row chunks are stored Brotli-compressed (quality 1): the JSON shrinks to about a third, and DynamoDB
 * bills writes, reads and storage by the byte (one write unit per KB, and a partition takes ~1 MB of
 * writes per second). Higher qualities save few more bytes for several times the time (docs/benchmarks.md).
 * As a binary attribute the rows also skip the JSON escaping of every quote that a string attribute
 * costs the SDK on the way out.
 */
function compressRows(utf8: Uint8Array): Promise<Uint8Array> {
  return brotliCompress(utf8, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: utf8.byteLength },
  });
}

/** The JSON rows of a stored chunk: compressed (`rowsBr`) or, as chunks were first written, plain text (`rows`). */
function storedRowsJson(item: Record<string, unknown>): string {
  if (item.rowsBr instanceof Uint8Array) return brotliDecompressSync(item.rowsBr).toString('utf8');
  if (typeof item.rows === 'string') return item.rows;
  throw new Error(`row chunk ${String(item.sk)} holds neither rowsBr nor rows`);
}

export interface StoredChunk {
  fileId: string;
  ingestId: string;
  dataset: 'reaction' | 'assessment';
  json: string;
}

export interface ClientYearSnapshot {
  files: FileRecord[];
  chunks: StoredChunk[];
  rejections: Rejection[];
}

export { TABLE_KEY_SCHEMA } from './table-schema.ts';
