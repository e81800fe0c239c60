import { inflateRawSync } from 'node:zlib';
import type { RuleId } from './rules.ts';
import { detail } from './messages/index.ts';

/**
 * Zip-bomb guard for XLSX, run before exceljs sees the bytes. The central directory's declared sizes
 * are checked first (cheap), then every entry is actually inflated with a hard output cap, because a
 * crafted archive can under-declare its sizes and exceljs/JSZip would trust them.
 */

export interface ZipLimits {
  maxUncompressedBytes: number;
  /** The most data rows a file may hold: what a refusal suggests exporting as CSV instead. */
  maxRows: number;
}

export type ZipVerdict = { ok: true } | { ok: false; rule: RuleId; detail: string };

/** Real workbooks compress sheet XML far less than this; a bomb compresses thousands of times. */
export const MAX_COMPRESSION_RATIO = 200;
/** Ratios are only meaningful for entries big enough to hurt. */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
/** Excel's own sheet limits: anything beyond is crafted. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** No evaluation export comes near this; a wider sheet is a mistake or an attack. */
export const MAX_SHEET_COLUMNS = 1000;
/**
 * Most cells a worksheet may hold. exceljs holds the whole workbook as objects, and its memory grows with
 * the cells (not the file size: a 10 MB workbook can hold millions of cells), so this bounds what reading
 * an accepted workbook costs the ingest function (see bench/xlsx-memory.ts and docs/benchmarks.md). A
 * larger export goes as CSV, which is read without the per-cell objects.
 */
export const MAX_XLSX_CELLS = 700_000;
/** Largest uncompressed workbook part (a worksheet, the shared strings): exceljs holds each whole, several times over. */
export const MAX_XLSX_PART_BYTES = 48 * 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export function checkZip(bytes: Uint8Array, limits: ZipLimits): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(bytes, view);
  if (typeof entries === 'string') return { ok: false, rule: 'unreadable-file', detail: entries };

  const limitText = formatMegabytes(limits.maxUncompressedBytes);
  let declaredTotal = 0;
  for (const entry of entries) {
    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      return { ok: false, rule: 'expands-too-large', detail: detail.workbookExpandsTooFar(limitText) };
    }
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > RATIO_CHECK_MIN_BYTES && ratio > MAX_COMPRESSION_RATIO) {
      return { ok: false, rule: 'expands-too-large', detail: detail.partCompressesTooWell(entry.name, ratio) };
    }
    if (entry.uncompressedSize > MAX_XLSX_PART_BYTES) return partTooLarge(entry.name, limits.maxRows);
  }

  let budget = limits.maxUncompressedBytes;
  for (const entry of entries) {
    const inflated = inflateEntry(bytes, view, entry, Math.min(budget, MAX_XLSX_PART_BYTES));
    if (typeof inflated === 'string') {
      return { ok: false, rule: inflated === 'too-large' ? 'expands-too-large' : 'unreadable-file', detail: inflated === 'too-large' ? detail.partExpandsTooFar(entry.name, limitText) : inflated };
    }
    budget -= inflated.length;
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) {
      const absurd = absurdDimension(inflated, limits.maxRows);
      if (absurd !== undefined) return { ok: false, rule: 'sheet-too-large', detail: absurd };
      // Counted, not taken from <dimension>, which may be missing or wrong.
      const cells = countCells(inflated);
      if (cells > MAX_XLSX_CELLS) return { ok: false, rule: 'sheet-too-large', detail: detail.worksheetTooManyCells(cells, 'holds', MAX_XLSX_CELLS, limits.maxRows) };
    }
  }
  return { ok: true };
}

function readCentralDirectory(bytes: Uint8Array, view: DataView): ZipEntry[] | string {
  const eocd = findEndOfCentralDirectory(bytes, view);
  if (eocd < 0) return detail.notCompleteZip();
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) return detail.zip64Archive();
  if (cdOffset + cdSize > bytes.length) return detail.directoryPastEnd();

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return detail.directoryDamaged();
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
      name: new TextDecoder().decode(bytes.subarray(p + 46, Math.min(p + 46 + nameLength, bytes.length))),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      return detail.zip64Entries();
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= earliest; p--) {
    if (view.getUint32(p, true) === 0x06054b50) return p;
  }
  return -1;
}

function inflateEntry(bytes: Uint8Array, view: DataView, entry: ZipEntry, budget: number): Uint8Array | 'too-large' | string {
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) return detail.partDamaged(entry.name);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return detail.partCutShort(entry.name);
  const data = bytes.subarray(start, end);
  const cap = Math.min(entry.uncompressedSize, budget);
  if (entry.method === 0) return data.length > cap ? 'too-large' : data;
  if (entry.method !== 8) return detail.partUnknownCompression(entry.name);
  try {
    // Cap + 1 so that "exactly as declared" passes and one byte more fails.
    const inflated = inflateRawSync(data, { maxOutputLength: cap + 1 });
    return inflated.length > cap ? 'too-large' : inflated;
  } catch (error) {
    if (error instanceof RangeError || (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE')) return 'too-large';
    return detail.partUndecompressable(entry.name);
  }
}

function partTooLarge(name: string, csvRows: number): ZipVerdict {
  return {
    ok: false,
    rule: /^xl\/worksheets\//i.test(name) ? 'sheet-too-large' : 'expands-too-large',
    detail: detail.workbookPartTooLarge(name, formatMegabytes(MAX_XLSX_PART_BYTES), csvRows),
  };
}

/** The cells (`<c …>` elements, with or without a namespace prefix) of a worksheet's XML, by a byte scan. */
export function countCells(sheetXml: Uint8Array): number {
  let cells = 0;
  const lt = 0x3c;
  const c = 0x63;
  for (let i = sheetXml.indexOf(lt); i !== -1 && i < sheetXml.length - 2; i = sheetXml.indexOf(lt, i + 1)) {
    // `<c ` or `<c>` or `<x:c ` (a prefix of word characters and a colon).
    let j = i + 1;
    if (sheetXml[j] !== c) {
      while (j < sheetXml.length && j - i < 16 && isNameByte(sheetXml[j]!)) j++;
      if (sheetXml[j] !== 0x3a) continue;
      j++;
      if (sheetXml[j] !== c) continue;
    }
    const after = sheetXml[j + 1];
    if (after === 0x20 || after === 0x3e || after === 0x2f || after === 0x09 || after === 0x0a || after === 0x0d) cells++;
  }
  return cells;
}

function isNameByte(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f;
}

/** Reads `<dimension ref="A1:XFD1048576"/>` near the top of a sheet and refuses impossible sizes. */
function absurdDimension(sheetXml: Uint8Array, csvRows: number): string | undefined {
  const head = new TextDecoder().decode(sheetXml.subarray(0, 4096));
  const match = /<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/i.exec(head);
  if (match === null) return undefined;
  const lastColumn = columnNumber(match[3] ?? match[1] ?? 'A');
  const lastRow = Number(match[4] ?? match[2]);
  if (lastRow > EXCEL_MAX_ROWS || lastColumn > MAX_SHEET_COLUMNS) {
    return detail.sheetDimensionAbsurd(lastRow, lastColumn, MAX_SHEET_COLUMNS);
  }
  // Declared, it refuses a large sheet before its cells are counted; a sheet declaring less is still counted.
  if (lastRow * lastColumn > MAX_XLSX_CELLS * 4) return detail.worksheetTooManyCells(lastRow * lastColumn, 'declares', MAX_XLSX_CELLS, csvRows);
  return undefined;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (Number.isInteger(mb) || mb >= 10) return `${Math.round(mb)} MB`;
  return `${mb >= 0.1 ? mb.toFixed(1) : Number(mb.toPrecision(2))} MB`;
}
