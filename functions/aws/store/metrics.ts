import { promisify } from 'node:util';
import { brotliCompress as brotliCompressCallback, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import * as z from 'zod';
import { countedDataFiles, keys, lazy, metricsDocumentSchema, metricsYearItemSchema, parseStored, parseStoredJson, SK_PREFIX, yearOfMetricsSk, type MetricsDocument, type TableKey } from '../../core/model/index.ts';
import type { ComputedYear, MetricsStore } from '../../core/ports.ts';
import { keyOf, type TableClient } from './table-client.ts';

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

/** The main item: the first part of the compressed document, how many parts there are, and the sequence it was computed from. */
const metricsItemSchema = lazy(() => z.object({ computedSeq: z.number().int(), parts: z.number().int().min(1), docBr: z.instanceof(Uint8Array) }));
const metricsPartSchema = lazy(() => z.object({ computedSeq: z.number().int(), docBr: z.instanceof(Uint8Array) }));

export class DynamoMetricsStore implements MetricsStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Stores metrics computed from change sequence `seq`, unless metrics from a later sequence are
   * already stored: two compute jobs for one client-year can never leave an older result on top.
   */
  async putMetrics(doc: MetricsDocument, seq: number): Promise<boolean> {
    // The document is stored compressed and, when even that is over an item's limit, in parts written
    // before the main item: a reader only trusts parts stamped with the main item's sequence.
    const parts = metricsParts(await compressMetrics(metricsDocumentSchema.parse(doc)));
    for (const [index, part] of parts.entries()) {
      if (index === 0) continue;
      await this.table.put({ ...keys.metricsPart(doc.client, doc.year, index), computedSeq: seq, docBr: part });
    }
    const stored = await this.table.conditional(() =>
      this.table.put(
        // The count of data files beside the document lets the years listing tell a year with figures without reading it.
        { ...keys.metrics(doc.client, doc.year), computedSeq: seq, inputsHash: doc.inputsHash, dataFiles: countedDataFiles(doc.sources), parts: parts.length, docBr: parts[0] },
        { expression: 'attribute_not_exists(pk) OR computedSeq <= :s', values: { ':s': seq } },
      ),
    );
    if (!stored) return false;
    await this.table.conditional(() =>
      this.table.update(keys.state(doc.client, doc.year), {
        UpdateExpression: 'SET computedSeq = :s',
        ConditionExpression: 'attribute_not_exists(computedSeq) OR computedSeq <= :s',
        values: { ':s': seq },
      }),
    );
    return true;
  }

  async getMetrics(clientId: string, year: number): Promise<MetricsDocument | undefined> {
    const key = keys.metrics(clientId, year);
    const item = await this.table.get(key);
    return item ? this.readMetrics(clientId, year, key, item) : undefined;
  }

  async listMetrics(clientId: string): Promise<MetricsDocument[]> {
    const items = await this.table.query(keys.clientPk(clientId), SK_PREFIX.metrics);
    return Promise.all(items.map((item) => this.readMetrics(clientId, yearOfMetricsSk(String(item.sk)), keyOf(item), item)));
  }

  async listComputedYears(clientId: string): Promise<ComputedYear[]> {
    const items = await this.table.query(keys.clientPk(clientId), SK_PREFIX.metrics, { attributes: ['dataFiles'] });
    const years = await Promise.all(
      items.map(async (item): Promise<ComputedYear> => {
        const stored = parseStored(metricsYearItemSchema, item, keyOf(item), 'metrics item (years listing)');
        const year = yearOfMetricsSk(stored.sk);
        // An item stored before the count was kept: its document says (until the year is next computed).
        const document = stored.dataFiles === undefined ? await this.getMetrics(clientId, year) : undefined;
        const dataFiles = stored.dataFiles ?? countedDataFiles(document?.sources ?? []);
        return { year, dataFiles };
      }),
    );
    return years.sort((a, b) => a.year - b.year);
  }

  /** The stored document: the main item's part, then the others, each stamped with the main item's sequence. */
  private async readMetrics(clientId: string, year: number, key: TableKey, item: Record<string, unknown>): Promise<MetricsDocument> {
    const main = parseStored(metricsItemSchema, item, key, 'metrics item');
    const parts: Uint8Array[] = [main.docBr];
    for (let index = 1; index < main.parts; index++) {
      const partKey = keys.metricsPart(clientId, year, index);
      const stored = await this.table.get(partKey);
      const part = stored ? parseStored(metricsPartSchema, stored, partKey, 'metrics part') : undefined;
      if (!part || part.computedSeq !== main.computedSeq) {
        throw new Error(`metrics of ${clientId} ${year} (${partKey.sk}) belong to another computation; they are being rewritten, read again`);
      }
      parts.push(part.docBr);
    }
    return parseStoredJson(metricsDocumentSchema, brotliDecompressSync(Buffer.concat(parts)).toString('utf8'), key, 'metrics document');
  }
}
