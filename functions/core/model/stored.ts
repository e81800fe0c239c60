import type * as z from 'zod';
import type { TableKey } from './keys.ts';

/** A stored item that does not match its record's schema: names the item's key and what is wrong. */
export class StoredRecordInvalid extends Error {
  override readonly name = 'StoredRecordInvalid';
  constructor(
    readonly key: TableKey,
    readonly record: string,
    readonly issues: string,
  ) {
    super(`stored ${record} at pk=${key.pk} sk=${key.sk} does not match its schema: ${issues}`);
  }
}

/**
 * Stored records are checked without zod's generated fast path (`jitless`). zod compiles that path with
 * `new Function` on an object schema's first parse, for every object schema nested in it; a stage reads
 * each record kind a few times per invocation, so on a cold start the compiling costs more than it ever
 * saves, and a warm read of the largest record (the metrics document) takes as long either way
 * (docs/benchmarks.md, "Ninth pass — zod's fast path").
 */
export const STORED_PARSE_CONTEXT = { jitless: true } as const;

/** `value` checked against the record's schema; a mismatch throws StoredRecordInvalid naming the key. */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, key: TableKey, record: string): z.output<S> {
  const parsed = schema.safeParse(value, STORED_PARSE_CONTEXT);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(record)'}: ${i.message}`).join('; ');
    throw new StoredRecordInvalid(key, record, issues);
  }
  return parsed.data;
}

/** A JSON text attribute parsed and checked; text that is not JSON is reported like a schema mismatch. */
export function parseStoredJson<S extends z.ZodType>(schema: S, text: unknown, key: TableKey, record: string): z.output<S> {
  if (typeof text !== 'string') throw new StoredRecordInvalid(key, record, 'the attribute holding the record is missing or not text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoredRecordInvalid(key, record, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseStored(schema, value, key, record);
}
