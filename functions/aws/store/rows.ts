import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { promisify } from 'node:util';
import { brotliCompress as brotliCompressCallback, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import {
  assessmentColumnsSchema,
  commentaryRecordSchema,
  fileRecordSchema,
  keys,
  parseRowKeysSk,
  parseRowsSk,
  parseStored,
  parseStoredJson,
  programDesignRecordSchema,
  reactionColumnsSchema,
  rejectionSchema,
  sameLengthColumns,
  SK_PREFIX,
  StoredRecordInvalid,
  storedRowChunkSchema,
  storedRowKeyDigestPartSchema,
  type StoredRowKeyDigestPart,
  type TableKey,
} from '../../core/model/index.ts';
import type { ClientYearSnapshot, RowStore, StoredChunk, StoredRowKeyDigest } from '../../core/ports.ts';
import type { RowChunk } from '../../core/rows/chunks.ts';
import type { RowKeyDigest } from '../../core/rows/row-keys.ts';
import { keyOf, type TableClient } from './table-client.ts';

const brotliCompress = promisify(brotliCompressCallback);

/** Rows per row-key digest part: 8 bytes a row, well inside DynamoDB's 400 KB per item. */
const DIGEST_ROWS_PER_PART = 40_000;

/** A digest's words as stored: little-endian 32-bit words (the byte order of every machine Lambda runs on). */
function digestBytes(hashes: Uint32Array, firstRow: number, rows: number): Uint8Array {
  return new Uint8Array(hashes.buffer, hashes.byteOffset + firstRow * 8, rows * 8);
}

/** A digest from its parts, or undefined when a part is missing or they disagree (written by an interrupted ingest). */
function assembleDigest(parts: StoredRowKeyDigestPart[]): RowKeyDigest | undefined {
  const first = parts[0];
  if (first === undefined || parts.length !== first.parts) return undefined;
  const bytes = new Uint8Array(first.rows * 8);
  let next = 0;
  for (const part of parts) {
    if (part.rows !== first.rows || part.parts !== first.parts || part.dataset !== first.dataset || part.firstRow !== next) return undefined;
    if (next * 8 + part.digests.byteLength > bytes.byteLength) return undefined;
    bytes.set(part.digests, next * 8);
    next += part.digests.byteLength / 8;
  }
  if (next !== first.rows) return undefined;
  return { dataset: first.dataset, rows: first.rows, hashes: new Uint32Array(bytes.buffer, 0, first.rows * 2) };
}

/**
 * Bytes of row chunks per BatchWriteItem: fewer, larger requests cost less of the SDK's per-request work,
 * while the first write need not wait long for its chunks (figures in docs/benchmarks.md).
 */
const ROW_CHUNK_BATCH_BYTES = 500_000;

/**
 * Row chunks are stored Brotli-compressed at quality 1, as a binary attribute: DynamoDB bills writes,
 * reads and storage by the byte, higher qualities save little more for several times the time, and a
 * binary attribute skips the JSON escaping a string attribute costs the SDK (docs/benchmarks.md).
 */
function compressRows(utf8: Uint8Array): Promise<Uint8Array> {
  return brotliCompress(utf8, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: utf8.byteLength },
  });
}

/** A stored chunk's columns, decompressed, parsed and checked against the row-chunk schema. */
function checkedColumns<T extends Record<string, readonly unknown[] | undefined>>(columns: T, key: TableKey): T {
  if (!sameLengthColumns(columns)) throw new StoredRecordInvalid(key, 'row chunk', 'its columns differ in length');
  return columns;
}

const chunkText = (rowsBr: Uint8Array) => brotliDecompressSync(rowsBr).toString('utf8');

function storedChunk(item: Record<string, unknown>): StoredChunk {
  const key = keyOf(item);
  const ids = parseRowsSk(key.sk);
  if (!ids) throw new StoredRecordInvalid(key, 'row chunk', 'the sort key is not ROWS#<file id>#<ingest id>#<chunk>');
  const { dataset, rowsBr } = parseStored(storedRowChunkSchema, item, key, 'row chunk');
  return dataset === 'reaction'
    ? { ...ids, key, dataset, columns: () => checkedColumns(parseStoredJson(reactionColumnsSchema, chunkText(rowsBr), key, 'row chunk'), key) }
    : { ...ids, key, dataset, columns: () => checkedColumns(parseStoredJson(assessmentColumnsSchema, chunkText(rowsBr), key, 'row chunk'), key) };
}

export class DynamoRowStore implements RowStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Writes a file's row chunks (numbered in order) and returns how many there were. `chunks` may be a
   * generator, also an async one: chunks are packed as the writers take them, so packing overlaps the writes.
   */
  async putRowChunks(
    clientId: string,
    year: number,
    fileId: string,
    ingestId: string,
    chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>,
    keyDigest?: () => RowKeyDigest,
  ): Promise<number> {
    const item = (key: TableKey, dataset: string, rows: Uint8Array): WriteRequest => ({
      // What `marshall` makes of these attributes, without its walk over a large binary value.
      PutRequest: { Item: { pk: { S: key.pk }, sk: { S: key.sk }, dataset: { S: dataset }, rowsBr: { B: rows } } },
    });
    async function* requests(): AsyncGenerator<WriteRequest, void, undefined> {
      let index = 0;
      let previous: { key: TableKey; dataset: string; rows: Promise<Uint8Array> } | undefined;
      // Each chunk compresses on libuv's thread pool while the next one is packed on this thread.
      for await (const chunk of chunks) {
        const rows = compressRows(chunk.utf8);
        // Awaited below; until then a failure must not count as an unhandled rejection.
        rows.catch(() => undefined);
        const current = { key: keys.rows(clientId, year, fileId, ingestId, index++), dataset: chunk.dataset, rows };
        if (previous) yield item(previous.key, previous.dataset, await previous.rows);
        previous = current;
      }
      if (previous) yield item(previous.key, previous.dataset, await previous.rows);
      if (keyDigest) yield* digestRequests(keys.rowKeys, clientId, year, fileId, ingestId, keyDigest());
      chunkCount = index;
    }
    let chunkCount = 0;
    await this.table.batchWrite(requests(), { maxBatchBytes: ROW_CHUNK_BATCH_BYTES });
    return chunkCount;
  }

  /** Deletes row chunks of a file except those of `keepIngestId` (garbage of replaced or crashed ingests). */
  async deleteRowChunks(clientId: string, year: number, fileId: string, keepIngestId?: string): Promise<number> {
    const [items, digestItems] = await Promise.all([
      this.table.queryRaw(keys.clientYearPk(clientId, year), SK_PREFIX.rows(fileId), { keysOnly: true }),
      this.table.queryRaw(keys.rowKeysPk(clientId, year), SK_PREFIX.rowKeys(fileId), { keysOnly: true }),
    ]);
    const kept = keepIngestId === undefined ? undefined : SK_PREFIX.rows(fileId, keepIngestId);
    const doomed = items.filter((i) => kept === undefined || !(i.sk?.S ?? '').startsWith(kept));
    const keptDigest = keepIngestId === undefined ? undefined : SK_PREFIX.rowKeys(fileId, keepIngestId);
    const doomedDigests = digestItems.filter((i) => keptDigest === undefined || !(i.sk?.S ?? '').startsWith(keptDigest));
    await this.table.batchWrite([...doomed, ...doomedDigests].map((Key) => ({ DeleteRequest: { Key } })));
    return doomed.length;
  }

  /**
   * Deletes the row chunks of exactly one ingest of a file. Unlike `deleteRowChunks`, it never touches
   * the rows of another ingest of the same key that may be in flight (written, not yet committed).
   */
  async deleteIngestChunks(clientId: string, year: number, fileId: string, ingestId: string): Promise<number> {
    const [items, digestItems] = await Promise.all([
      this.table.queryRaw(keys.clientYearPk(clientId, year), SK_PREFIX.rows(fileId, ingestId), { keysOnly: true }),
      this.table.queryRaw(keys.rowKeysPk(clientId, year), SK_PREFIX.rowKeys(fileId, ingestId), { keysOnly: true }),
    ]);
    await this.table.batchWrite([...items, ...digestItems].map((Key) => ({ DeleteRequest: { Key } })));
    return items.length;
  }

  /** Every ingest's row-key digest in one Query of their own partition, checked part by part. */
  async readRowKeyDigests(clientId: string, year: number): Promise<StoredRowKeyDigest[]> {
    const items = await this.table.query(keys.rowKeysPk(clientId, year));
    const byIngest = new Map<string, { fileId: string; ingestId: string; parts: StoredRowKeyDigestPart[] }>();
    for (const item of items) {
      const key = keyOf(item);
      const ids = parseRowKeysSk(key.sk);
      if (!ids) throw new StoredRecordInvalid(key, 'row-key digest', 'the sort key is not <file id>#<ingest id>#<part>');
      const part = parseStored(storedRowKeyDigestPartSchema, item, key, 'row-key digest');
      const id = `${ids.fileId}#${ids.ingestId}`;
      const entry = byIngest.get(id) ?? { ...ids, parts: [] };
      // Parts come in sort-key order, which is row order.
      entry.parts.push(part);
      byIngest.set(id, entry);
    }
    const digests: StoredRowKeyDigest[] = [];
    for (const { fileId, ingestId, parts } of byIngest.values()) {
      const digest = assembleDigest(parts);
      if (digest) digests.push({ fileId, ingestId, digest });
    }
    return digests;
  }

  async readIngestChunks(clientId: string, year: number, fileId: string, ingestId: string): Promise<StoredChunk[]> {
    const items = await this.table.query(keys.clientYearPk(clientId, year), SK_PREFIX.rows(fileId, ingestId));
    return items.map(storedChunk);
  }

  /** Everything stored for one client-year, in one paged Query; chunk contents are read when asked for. */
  async readClientYear(clientId: string, year: number): Promise<ClientYearSnapshot> {
    const items = await this.table.query(keys.clientYearPk(clientId, year));
    const snapshot: ClientYearSnapshot = { files: [], chunks: [], rejections: [], programDesigns: [] };
    const commentaryKey = keys.commentary(clientId, year);
    for (const item of items) {
      const key = keyOf(item);
      if (key.sk.startsWith(SK_PREFIX.file)) snapshot.files.push(parseStored(fileRecordSchema, item.record, key, 'file record'));
      else if (key.sk.startsWith(SK_PREFIX.anyRows)) snapshot.chunks.push(storedChunk(item));
      else if (key.sk.startsWith(SK_PREFIX.rejection)) snapshot.rejections.push(parseStored(rejectionSchema, item.rejection, key, 'rejection'));
      else if (key.sk.startsWith(SK_PREFIX.programDesign)) snapshot.programDesigns.push(parseStoredJson(programDesignRecordSchema, item.design, key, 'programme description'));
      else if (key.sk === commentaryKey.sk) snapshot.commentary = parseStoredJson(commentaryRecordSchema, item.commentary, key, 'commentary');
    }
    return snapshot;
  }
}

/** A digest's parts as write requests (binary attributes built directly, as for the chunks). */
function* digestRequests(
  keyOf: typeof keys.rowKeys,
  clientId: string,
  year: number,
  fileId: string,
  ingestId: string,
  digest: RowKeyDigest,
): Generator<WriteRequest, void, undefined> {
  const parts = Math.max(1, Math.ceil(digest.rows / DIGEST_ROWS_PER_PART));
  for (let part = 0; part < parts; part++) {
    const firstRow = part * DIGEST_ROWS_PER_PART;
    const rows = Math.min(DIGEST_ROWS_PER_PART, digest.rows - firstRow);
    const key = keyOf(clientId, year, fileId, ingestId, part);
    yield {
      PutRequest: {
        Item: {
          pk: { S: key.pk },
          sk: { S: key.sk },
          dataset: { S: digest.dataset },
          rows: { N: String(digest.rows) },
          parts: { N: String(parts) },
          firstRow: { N: String(firstRow) },
          digests: { B: digestBytes(digest.hashes, firstRow, rows) },
        },
      },
    };
  }
}
