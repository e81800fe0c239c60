import type { Rater, Wave } from '../model/index.ts';
import type { Cell } from './table.ts';
import { cellText } from './table.ts';
import { headerKey } from './headers.ts';
import { memoByText } from './memo.ts';

/** Accepted spellings of each wave value (case- and accent-insensitive). */
export const WAVE_ALIASES: Record<Wave, readonly string[]> = {
  pre: ['pre', 'före', 'innan', 'before', 'baseline', 'förmätning'],
  post: ['post', 'efter', 'after', 'eftermätning', 'uppföljning', 'follow-up'],
};

/** Accepted spellings of each rater value. */
export const RATER_ALIASES: Record<Rater, readonly string[]> = {
  self: ['self', 'själv', 'självskattning', 'jag', 'leader'],
  manager: ['manager', 'chef', 'närmaste chef', 'överordnad', 'boss'],
  employee: ['employee', 'medarbetare', 'medarbetarna', 'employees', 'direct report', 'direct reports'],
  peer: ['peer', 'kollega', 'kollegor', 'peers', 'colleague', 'colleagues'],
};

function aliasLookup<T extends string>(aliases: Record<T, readonly string[]>): ReadonlyMap<string, T> {
  return new Map((Object.entries(aliases) as [T, readonly string[]][]).flatMap(([value, names]) => names.map((n) => [headerKey(n), value] as const)));
}
const WAVE_BY_KEY = aliasLookup(WAVE_ALIASES);
const RATER_BY_KEY = aliasLookup(RATER_ALIASES);

export const parseWave: (text: string) => Wave | undefined = memoByText((text) => WAVE_BY_KEY.get(headerKey(text)));

export const parseRater: (text: string) => Rater | undefined = memoByText((text) => RATER_BY_KEY.get(headerKey(text)));

/**
 * Decimal point or decimal comma, optional sign (also the typographic minus), no thousands separators.
 * A separator needs digits after it: "7," is a cut-off value, not 7.
 */
const NUMBER_TEXT = /^[+\-\u2212]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/**
 * Whether number text written with decimals has a non-zero digit after its separator: such text is not
 * a whole number even when the double it reads as is ("9.9999999999999999" reads as 10).
 */
export function writtenWithFraction(text: string): boolean {
  return /[.,]\d*[1-9]/.test(text);
}

/** A number from a typed cell or from text written with a decimal point or comma; undefined if it is none. */
export function parseNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim().replace(/[\u00a0\u202f ]/g, '');
  if (!NUMBER_TEXT.test(text)) return undefined;
  const value = Number(text.replace(',', '.').replace('\u2212', '-'));
  return Number.isFinite(value) ? value : undefined;
}

/** ISO date, optionally with a time as Swedish Excel writes it ("2025-05-14 00:00", "2025-05-14T08:30:00Z"). */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;
/** Excel's day 0 is 1899-12-30 (with its 1900 leap-year bug folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials for 1990-01-01 … 2099-12-31: anything else in a date column is not a date. */
const MIN_SERIAL = 32_874;
const MAX_SERIAL = 73_050;
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2099;

/**
 * An ISO date (YYYY-MM-DD) from a cell, or undefined. Numbers count as Excel serial dates only in
 * typed sources (XLSX, JSON): in CSV a bare number in a date column is a mistake, not a date.
 */
export function parseDate(cell: Cell, typedCells: boolean): string | undefined {
  if (cell instanceof Date) return validIso(cell);
  if (typeof cell === 'number') {
    if (!typedCells || cell < MIN_SERIAL || cell >= MAX_SERIAL + 1) return undefined;
    return validIso(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS));
  }
  return parseDateText(cellText(cell));
}

/** The ISO date written as already-trimmed text, or undefined. */
export const parseDateText: (text: string) => string | undefined = memoByText((text: string): string | undefined => {
  const match = DATE_TEXT.exec(text);
  if (match === null) return undefined;
  const [, y, m, d, hour, minute, second, offsetHour, offsetMinute] = match;
  // A time, when written, must be one a clock shows: no hour 25, minute 99 or leap second 60.
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || (second !== undefined && Number(second) > 59))) return undefined;
  if (offsetHour !== undefined && (Number(offsetHour) > 14 || Number(offsetMinute) > 59)) return undefined;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return validIso(date);
});

function validIso(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Free text as stored: trimmed, line breaks normalised; formula-looking text stays text (escaped on export). */
export function parseText(cell: Cell): string {
  const text = cellText(cell);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
