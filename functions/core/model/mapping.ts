import * as z from 'zod';
import { lazy } from './lazy.ts';

/**
 * A mapping file (`*.mapping.json` in `<client>/<year>/`) tells ingest how to read a survey tool's export:
 * which exported header is which canonical column or instrument item, which headers to ignore, values
 * that are the same on every row, and how answer labels translate into numbers or canonical values.
 * docs/data-format.md ("Mapping files") is the contract.
 */

const headerText = lazy(() => z.string().trim().min(1, 'a header is not empty'));
/** Canonical fields a constant may give: those that are one value for a whole export. */
export const MAPPING_CONSTANT_FIELDS = ['program', 'instrument', 'wave', 'rater', 'leader', 'date'] as const;

export const mappingSchema = lazy(() => z
  .object({
    dataset: z.enum(['reaction', 'assessment']),
    /** Header as exported → canonical field (respondent, program, …) or an item id (or dimension id) of the instrument. */
    columns: z.record(headerText, z.string().trim().min(1, 'name a canonical field or an item id')),
    /** Headers as exported that are read past (survey tools' metadata, questions outside the evaluation). */
    ignore: z.array(headerText).optional(),
    /** The same value on every row of the files this mapping reads. */
    constants: z.partialRecord(z.enum(MAPPING_CONSTANT_FIELDS), z.string().trim().min(1)).optional(),
    /** Per canonical field or item id: the answer as exported → the number or canonical value it means. */
    values: z.record(z.string().trim().min(1), z.record(z.string(), z.union([z.number(), z.string().min(1)]))).optional(),
    /**
     * How dates written with slashes are ordered (`3/2/2025`): month first as US-English tools write them
     * (default), or day first. ISO dates (`2025-03-02`, `2025/03/02`) need no setting.
     */
    dateOrder: z.enum(['month-first', 'day-first']).optional(),
  })
  .strict());

export type Mapping = z.infer<typeof mappingSchema>;

/** A stored mapping file: its name decides nothing but is named in every message about it. */
export interface NamedMapping {
  fileName: string;
  mapping: Mapping;
}

export const MAPPING_FILE_SUFFIX = '.mapping.json';

export function isMappingFile(fileName: string): boolean {
  return (fileName.split('/').pop() ?? fileName).toLowerCase().trim().endsWith(MAPPING_FILE_SUFFIX);
}

/** The record a mapping is stored as (per client-year), with what ingest needs to re-read the files it applied to. */
export const mappingRecordSchema = lazy(() => z.object({
  fileName: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mapping: mappingSchema,
  updatedAt: z.string().min(1),
  /** S3 sequencer of the upload it came from: an older event never overwrites a newer mapping. */
  sequencer: z.string(),
}));
export type MappingRecord = z.infer<typeof mappingRecordSchema>;

/** Header comparison for mappings: trimmed, white space collapsed, Unicode NFC; nothing fuzzier. */
export function mappingHeaderKey(header: string): string {
  return header.normalize('NFC').replace(/\s+/g, ' ').trim();
}
