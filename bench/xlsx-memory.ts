/**
 * `npm run bench`, ingest memory (issue 23): the peak memory of reading the largest XLSX, CSV and JSON files
 * the parser accepts (and a wide assessment file at the row limit), and of refusing the next larger XLSX and
 * a wide file over the limit, each in a fresh process (resident set high-water
 * mark), against the ingest function's deployed memory size. The limits it checks are in
 * functions/core/parse/zip-guard.ts and docs/data-format.md.
 *
 *   tsx bench/xlsx-memory.ts                     all measurements, one JSON line (what bench/run.ts calls)
 *   tsx bench/xlsx-memory.ts parse <file>        one parse in this process, one JSON line (a child of the above)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { instrumentCatalog } from '../functions/core/instruments/builtin.ts';
import { DEFAULT_PARSE_LIMITS, parseDataFile } from '../functions/core/parse/index.ts';
import { MAX_XLSX_CELLS } from '../functions/core/parse/zip-guard.ts';
import { SIZING } from '../infra/effekt-stack.ts';

const WORK = join(import.meta.dirname, '.work');
const HEADER = ['respondent', 'program', 'date', 'satisfaction', 'usefulness', 'recommendation', 'comment'];

function row(i: number): (string | number)[] {
  return [`R${String(i).padStart(6, '0')}`, `program-${i % 7}`, '2025-05-14', 1 + (i % 10), 1 + ((i * 3) % 10), i % 11, i % 3 === 0 ? `Kommentar nummer ${i}: bra dag, mer sånt.` : ''];
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = writer.addWorksheet('Reaktioner');
  sheet.addRow(HEADER).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(row(i)).commit();
  sheet.commit();
  await writer.commit();
}

function writeCsv(path: string, maxBytes: number, maxRows: number): number {
  const lines = [HEADER.join(',')];
  let bytes = lines[0]!.length + 1;
  let rows = 0;
  for (let i = 1; i <= maxRows; i++) {
    // Comments quoted (they hold commas): the quoted path through csv-parse, the costlier of the two.
    const line = row(i)
      .map((v) => (typeof v === 'string' && v.includes(',') ? `"${v}"` : v))
      .join(',');
    if (bytes + Buffer.byteLength(line) + 1 > maxBytes) break;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
    rows = i;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return rows;
}

/** The most rows of JSON under the byte limit: short aliases as keys, so that the row limit or the byte limit binds. */
function writeDenseJson(path: string, maxBytes: number, maxRows: number): number {
  const rows: string[] = [];
  let bytes = 2;
  for (let i = 1; i <= maxRows; i++) {
    const item = `{"id":"${i}","program":"p${i % 7}","date":"2025-05-14","nöjd":${1 + (i % 10)},"nytta":${1 + (i % 9)},"nps":${i % 11}}`;
    if (bytes + Buffer.byteLength(item) + 1 > maxBytes) break;
    rows.push(item);
    bytes += Buffer.byteLength(item) + 1;
  }
  writeFileSync(path, `[${rows.join(',')}]`);
  return rows.length;
}

/** A wide assessment file (one score per dimension column, five columns): `rows` rows give five times as many scores. */
function writeWideCsv(path: string, rows: number): void {
  const lines = ['respondent;program;instrument;wave;date;rater;mal;roller;kommunikation;beslut;samarbete'];
  for (let i = 1; i <= rows; i++) {
    const respondent = Math.ceil(i / 2);
    lines.push(`R${respondent};p${respondent % 7};team-pro-inventory;${i % 2 === 1 ? 'pre' : 'post'};2025-02-03;self;${1 + (i % 5)};${1 + (i % 4)};${1 + (i % 3)};${1 + (i % 5)};${1 + (i % 2)}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function parseOne(file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const started = performance.now();
  const outcome = await parseDataFile({ fileName: file, bytes, instruments: instrumentCatalog([]) });
  const ms = performance.now() - started;
  const result = outcome.ok ? { ok: true, rows: 'rows' in outcome ? outcome.rows.length : 0 } : { ok: false, rule: outcome.problems[0]?.rule };
  process.stdout.write(`${JSON.stringify({ ...result, ms: Math.round(ms), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), bytes: bytes.byteLength })}\n`);
}

function measure(file: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'parse', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`parsing ${file} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(last) as Record<string, unknown>;
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const largestXlsx = join(WORK, 'largest-accepted.xlsx');
  const overXlsx = join(WORK, 'over-the-limit.xlsx');
  const largestCsv = join(WORK, 'largest-accepted.csv');
  // Seven columns: the header row and as many data rows as the cell limit allows, then half as many again.
  const acceptedRows = Math.floor(MAX_XLSX_CELLS / HEADER.length) - 1;
  const refusedRows = Math.round(acceptedRows * 1.5);
  await writeXlsx(largestXlsx, acceptedRows);
  await writeXlsx(overXlsx, refusedRows);
  const csvRows = writeCsv(largestCsv, DEFAULT_PARSE_LIMITS.maxBytes, DEFAULT_PARSE_LIMITS.maxRows);
  const densestJson = join(WORK, 'densest-accepted.json');
  const jsonRows = writeDenseJson(densestJson, DEFAULT_PARSE_LIMITS.maxBytes, DEFAULT_PARSE_LIMITS.maxRows);
  // Five scores a row: the widest file at the row limit, and one whose scores pass it early in the file.
  const wideAtLimit = join(WORK, 'wide-at-limit.csv');
  const wideOver = join(WORK, 'wide-over-limit.csv');
  writeWideCsv(wideAtLimit, DEFAULT_PARSE_LIMITS.maxRows / 5);
  // As many rows as fit under the byte limit (a row is under 64 bytes): five times the row limit in scores.
  const wideOverRows = Math.floor(DEFAULT_PARSE_LIMITS.maxBytes / 64);
  writeWideCsv(wideOver, wideOverRows);
  const ingestMemoryMb = SIZING.ingest.memorySize;
  const results = {
    ingestMemoryMb,
    xlsxCellLimit: MAX_XLSX_CELLS,
    largestAcceptedXlsx: { rows: acceptedRows, columns: HEADER.length, ...measure(largestXlsx) },
    refusedXlsx: { rows: refusedRows, columns: HEADER.length, ...measure(overXlsx) },
    largestAcceptedCsv: { rows: csvRows, ...measure(largestCsv) },
    densestAcceptedJson: { rows: jsonRows, ...measure(densestJson) },
    wideCsvAtRowLimit: { fileRows: DEFAULT_PARSE_LIMITS.maxRows / 5, ...measure(wideAtLimit) },
    wideCsvOverRowLimit: { fileRows: wideOverRows, ...measure(wideOver) },
  };
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

if (process.argv[2] === 'parse') await parseOne(process.argv[3]!);
else if (import.meta.filename === process.argv[1]) await main();

/** For bench/run.ts: the same measurements in a child process. */
export const XLSX_MEMORY_BENCH = import.meta.filename;
