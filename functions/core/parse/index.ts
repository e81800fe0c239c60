// CONTRACT (owned by the parsing work, issue 5). Signature is fixed; the body is a placeholder.
import type { AssessmentRow, ClientSettingsInput, InstrumentDefinition, Problem, ReactionRow } from '../model/index.ts';

export interface ParseLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most data rows in one file. */
  maxRows: number;
  /** Largest uncompressed size an XLSX may expand to (zip-bomb guard). */
  maxUncompressedBytes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxRows: 500_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
};

export interface ParseInput {
  /** File name as uploaded, used in every message. */
  fileName: string;
  bytes: Uint8Array;
  /** Known instruments by id (built-in and the client's own). */
  instruments: ReadonlyMap<string, InstrumentDefinition>;
  limits?: Partial<ParseLimits>;
}

/** Respondent ids in rows are raw here; ingest pseudonymises them before anything is stored. */
export type ParseOutcome =
  | { ok: true; kind: 'reaction'; rows: ReactionRow[] }
  | { ok: true; kind: 'assessment'; rows: AssessmentRow[] }
  | { ok: true; kind: 'instrument'; instrument: InstrumentDefinition }
  | { ok: true; kind: 'client'; settings: ClientSettingsInput }
  | { ok: false; problems: Problem[]; totalProblems: number };

export async function parseDataFile(_input: ParseInput): Promise<ParseOutcome> {
  throw new Error('not implemented');
}
