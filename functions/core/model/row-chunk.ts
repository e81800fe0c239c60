import * as z from 'zod';
import { DATASETS } from './files.ts';
import { RATERS, WAVES } from './rows.ts';
import { lazy } from './lazy.ts';

/**
 * Columns are checked with one tight loop each rather than a schema per element: a 100k-row file is a
 * million values, and per-element parsing would cost more than decompressing them (docs/benchmarks.md).
 */
function column<T>(what: string, isValue: (v: unknown) => boolean) {
  return z.custom<T[]>((v) => Array.isArray(v) && v.every(isValue), { message: `expected an array of ${what}` });
}
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const oneOf = (values: readonly string[]) => {
  const allowed = new Set(values);
  return (v: unknown) => typeof v === 'string' && allowed.has(v);
};
const strings = () => column<string>('strings', isString);
const numbers = () => column<number>('finite numbers', isNumber);
const stringsOrNull = () => column<string | null>('strings or nulls', isStringOrNull);

/**
 * A chunk of packed rows as stored (functions/core/rows/chunks.ts packs and unpacks them): one JSON
 * object of columns, each an array with one entry per row.
 */
export const reactionColumnsSchema = lazy(() => z.object({
  respondent: strings(),
  program: strings(),
  date: strings(),
  satisfaction: numbers(),
  usefulness: numbers(),
  recommendation: numbers(),
  /** null where the row has no comment. */
  comment: stringsOrNull(),
}));
export type ReactionColumns = z.infer<typeof reactionColumnsSchema>;

export const assessmentColumnsSchema = lazy(() => z.object({
  respondent: strings(),
  /** null where the leader is the row's respondent (self-ratings): a self-rating file stores no second id. */
  leader: stringsOrNull(),
  program: strings(),
  instrument: strings(),
  wave: column<(typeof WAVES)[number]>('waves', oneOf(WAVES)),
  date: strings(),
  rater: column<(typeof RATERS)[number]>('rater groups', oneOf(RATERS)),
  dimension: strings(),
  /** Item-level rows only: the item id, null on dimension scores. Absent when no row of the chunk is an item. */
  item: stringsOrNull().optional(),
  score: numbers(),
}));
export type AssessmentColumns = z.infer<typeof assessmentColumnsSchema>;

/** Every column of a chunk has one entry per row. */
export function sameLengthColumns(columns: Record<string, readonly unknown[] | undefined>): boolean {
  const lengths = new Set(Object.values(columns).flatMap((c) => (c === undefined ? [] : [c.length])));
  return lengths.size <= 1;
}

/** The item a chunk is stored as (its rows Brotli-compressed; see functions/aws/store). */
export const storedRowChunkSchema = lazy(() => z.object({
  dataset: z.enum(DATASETS),
  rowsBr: z.instanceof(Uint8Array),
}));

/**
 * A part of one ingest's row-key digest (functions/core/rows/row-keys.ts): a 64-bit hash of each row's
 * duplicate key, in row order, 8 bytes a row (two little-endian 32-bit words). The cross-file duplicate
 * check reads these instead of every stored row; a hash match is only a candidate, confirmed against
 * the stored row itself. Parts hold consecutive rows; `rows` and `parts` are the whole digest's, so a
 * reader can tell a complete digest from an incomplete one.
 */
export const storedRowKeyDigestPartSchema = lazy(() => z.object({
  dataset: z.enum(DATASETS),
  rows: z.number().int().min(0),
  parts: z.number().int().min(1),
  firstRow: z.number().int().min(0),
  digests: z.instanceof(Uint8Array).refine((b) => b.byteLength % 8 === 0, { message: 'expected 8 bytes a row' }),
}));
export type StoredRowKeyDigestPart = z.infer<typeof storedRowKeyDigestPartSchema>;
