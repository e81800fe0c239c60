import type { Cell, Table, TableRow } from './table.ts';
import { rowList } from './table.ts';
import { detail } from './messages/index.ts';

export type JsonDocument = { ok: true; value: unknown } | { ok: false; reason: string; line?: number };

export function parseJsonText(text: string): JsonDocument {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8 names a character offset; consultants need the line.
    const position = /position (\d+)/.exec(reason);
    if (position === null) return { ok: false, reason };
    return { ok: false, reason, line: text.slice(0, Number(position[1])).split('\n').length };
  }
}

export function lineAt(document: { line?: number }): { line?: number } {
  return document.line === undefined ? {} : { line: document.line };
}

export type JsonRowsResult = { ok: true; table: Table } | { ok: false; reason: string };

/**
 * A data JSON file is an array of flat row objects; headers are the union of keys in first-seen order.
 * Each row's line is where its object opens in the text, so messages point into the file.
 */
export function jsonRowsToTable(text: string, value: unknown): JsonRowsResult {
  if (!Array.isArray(value)) {
    return { ok: false, reason: detail.jsonNotArray(value) };
  }
  const headers: string[] = [];
  const indexByKey = new Map<string, number>();
  const lines = objectStartLines(text);
  const rows: TableRow[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, reason: detail.jsonItemNotObject(i + 1, item) };
    }
    const cells: Cell[] = [];
    for (const [key, raw] of Object.entries(item)) {
      let index = indexByKey.get(key);
      if (index === undefined) {
        index = headers.length;
        headers.push(key);
        indexByKey.set(key, index);
      }
      const cell = toCell(raw);
      if (cell === undefined) return { ok: false, reason: detail.jsonFieldValue(i + 1, key, raw) };
      cells[index] = cell;
    }
    rows.push({ line: lines[i] ?? 1, locator: `item ${i + 1}`, cells: Array.from({ length: cells.length }, (_, k) => cells[k] ?? null) });
  }
  return { ok: true, table: { headerLine: 1, headers, rows: rowList(rows), typedCells: true } };
}

function toCell(raw: unknown): Cell | undefined {
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  return undefined;
}

/** Line numbers where each top-level array element starts (strings skipped, so braces in text do not count). */
export function objectStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectingElement && ch !== undefined && !/\s/.test(ch) && ch !== ',' && ch !== ']') {
      starts.push(line);
      expectingElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectingElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectingElement = true;
  }
  return starts;
}
