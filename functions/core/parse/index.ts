// parseDataFile is what ingest and bench/ingest.ts call; change its signature with them.
import {
  MAX_COMMENTARY_CHARS,
  MAX_PROBLEMS_LISTED,
  programIdOfDesignFile,
  type AssessmentRow,
  type ClientSettingsInput,
  type InstrumentDefinition,
  type Mapping,
  type NamedMapping,
  type Problem,
  type ProgramDesign,
  type ReactionRow,
} from '../model/index.ts';
import { ProblemSink, rejectFile } from './problems.ts';
import { ACCEPTED_EXTENSIONS, formatFromName, isOle2, isZip, sniffSignature, type FileFormat } from './detect.ts';
import { decodeText } from './decode.ts';
import { readCsv } from './csv.ts';
import { readXlsx } from './xlsx.ts';
import { jsonRowsToTable, lineAt, parseJsonText } from './json.ts';
import { checkZip, formatMegabytes } from './zip-guard.ts';
import { readClientFile, readInstrumentFile } from './definitions.ts';
import { mapColumns } from './columns.ts';
import { readReactions } from './reaction.ts';
import { readAssessments } from './assessment.ts';
import type { Table } from './table.ts';
import { applyMapping, chooseMapping } from './mapping/apply.ts';
import { readMappingFile } from './mapping/read.ts';
import { readProgramDesignFile } from './program-design.ts';
import { mergeTwoRowHeader } from './mapping/two-row-header.ts';
import { looksLikeExport, proposeMapping, type ProposedMapping } from './mapping/propose.ts';
import { detail } from './messages/index.ts';

export { RULES, type RuleId } from './rules.ts';
export { escapeSpreadsheetCell } from './spreadsheet-safe.ts';
export { HEADER_ALIASES, PERSONAL_DATA_HEADERS } from './headers.ts';
export { WAVE_ALIASES, RATER_ALIASES } from './values.ts';

export interface ParseLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most data rows in one file. */
  maxRows: number;
  /** Largest uncompressed size an XLSX may expand to (zip-bomb guard). */
  maxUncompressedBytes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxBytes: 48 * 1024 * 1024,
  maxRows: 1_000_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
};

export interface ParseInput {
  /** File name as uploaded, used in every message. */
  fileName: string;
  bytes: Uint8Array;
  /** Known instruments by id (built-in and the client's own). */
  instruments: ReadonlyMap<string, InstrumentDefinition>;
  limits?: Partial<ParseLimits>;
  /**
   * Told each data row's respondent id (as the parsed rows will hold it), in row order, as the rows are
   * read, so the caller can start work on the ids early: ingest pseudonymises them on a second thread
   * meanwhile. Ids of rows that turn out to be invalid are told too.
   */
  onRespondent?: (respondent: string) => void;
  /**
   * Like `onRespondent`, for the assessment rows' leader ids, told only where a row's leader differs from
   * its respondent (a self-rating's leader is its respondent): exactly the rows whose leader ingest must
   * pseudonymise on its own.
   */
  onLeader?: (leader: string) => void;
  /** The client-year's mapping files: an export one of them fits is read through it (mapping/apply.ts). */
  mappings?: readonly NamedMapping[];
  /** When given, filled with the line of each data row in `rows` (same index): ingest names both lines of a duplicate across files. */
  rowLines?: number[];
}

/** Respondent and leader ids in rows are raw here; ingest pseudonymises them before anything is stored. */
export type ParseOutcome =
  | { ok: true; kind: 'reaction'; rows: ReactionRow[]; mapping?: string }
  | { ok: true; kind: 'assessment'; rows: AssessmentRow[]; mapping?: string }
  | { ok: true; kind: 'mapping'; mapping: Mapping }
  | { ok: true; kind: 'instrument'; instrument: InstrumentDefinition }
  | { ok: true; kind: 'client'; settings: ClientSettingsInput }
  | { ok: true; kind: 'commentary'; markdown: string }
  | { ok: true; kind: 'program'; programId: string; design: ProgramDesign }
  | { ok: false; problems: Problem[]; totalProblems: number; proposedMapping?: ProposedMapping };

type Rejection = Extract<ParseOutcome, { ok: false }>;

/**
 * Whether a file of this name is read as rows (CSV, a workbook, JSON rows), the only kind read through the
 * year's mappings and against the client's instruments; the definitions, commentary and programme
 * descriptions are known by their names and read on their own.
 */
export function readsAsRows(fileName: string): boolean {
  const guess = formatFromName(fileName);
  return guess.ok && (guess.format === 'csv' || guess.format === 'xlsx' || guess.format === 'json');
}

/**
 * Parses one uploaded file, all-or-nothing. Never throws: every failure, including a library crash,
 * comes back as a structured rejection a consultant can act on.
 */
export async function parseDataFile(input: ParseInput): Promise<ParseOutcome> {
  const file = input.fileName;
  try {
    return await parseChecked(input, file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return rejectFile(file, 'unreadable-file', detail.unreadable(reason));
  }
}

async function parseChecked(input: ParseInput, file: string): Promise<ParseOutcome> {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...input.limits };
  const bytes = input.bytes;

  const guess = formatFromName(input.fileName);
  if (!guess.ok) {
    return rejectFile(file, 'unsupported-extension', detail.unsupportedExtension(guess.extension, ACCEPTED_EXTENSIONS), {}, guess.extension);
  }
  if (bytes.byteLength > limits.maxBytes) {
    return rejectFile(file, 'file-too-large', detail.fileTooLarge(formatMegabytes(bytes.byteLength), formatMegabytes(limits.maxBytes)));
  }
  if (bytes.byteLength === 0) return rejectFile(file, 'empty-file', detail.noBytes());

  if (guess.format === 'xlsx') return parseWorkbook(input, file, limits);
  return parseText(input, file, guess.format, limits);
}

async function parseWorkbook(input: ParseInput, file: string, limits: ParseLimits): Promise<ParseOutcome> {
  const bytes = input.bytes;
  if (!isZip(bytes)) {
    const what = sniffSignature(bytes);
    if (isOle2(bytes)) return rejectFile(file, 'wrong-format', detail.oldWorkbook(what));
    const looksLikeText = decodeText(bytes.subarray(0, 4096)).ok;
    return rejectFile(file, 'wrong-format', detail.notAWorkbook(what, looksLikeText));
  }
  const zip = checkZip(bytes, limits);
  if (!zip.ok) return rejectFile(file, zip.rule, zip.detail);
  const workbook = await readXlsx(bytes);
  if (!workbook.ok) return rejectFile(file, workbook.tooWide === true ? 'sheet-too-large' : 'unreadable-file', workbook.reason);
  return parseTable(workbook.table, input, file, limits);
}

async function parseText(input: ParseInput, file: string, format: Exclude<FileFormat, 'xlsx'>, limits: ParseLimits): Promise<ParseOutcome> {
  const signature = sniffSignature(input.bytes);
  if (signature !== undefined) {
    return rejectFile(file, 'wrong-format', detail.notText(signature, format, isZip(input.bytes)));
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok) {
    if (decoded.reason === 'binary') return rejectFile(file, 'wrong-format', detail.binaryText(format));
    return rejectFile(file, 'wrong-encoding', decoded.reason === 'utf-32' ? detail.utf32Text() : detail.utf16WithoutBom());
  }
  const text = decoded.text;
  if (text.trim() === '') return rejectFile(file, 'empty-file', detail.onlyBlankSpace());
  const control = firstControlCharacter(text);
  if (control !== undefined) {
    return rejectFile(
      file,
      'control-character',
      detail.controlCharacter(control.codePoint),
      { line: control.line, column: String(control.column) },
      control.codePoint,
    );
  }

  if (format === 'commentary') {
    if (text.length > MAX_COMMENTARY_CHARS) {
      return rejectFile(file, 'commentary-too-long', detail.commentaryTooLong(text.length, MAX_COMMENTARY_CHARS));
    }
    return { ok: true, kind: 'commentary', markdown: text.trim() };
  }
  if (format === 'instrument') return definitionOutcome(readInstrumentFile(file, text), (instrument) => ({ ok: true, kind: 'instrument', instrument }));
  if (format === 'client') return definitionOutcome(readClientFile(file, text), (settings) => ({ ok: true, kind: 'client', settings }));
  if (format === 'mapping') return definitionOutcome(readMappingFile(file, text), (mapping) => ({ ok: true, kind: 'mapping', mapping }));
  if (format === 'program') return definitionOutcome(readProgramDesignFile(file, text), (design) => ({ ok: true, kind: 'program', programId: programIdOfDesignFile(file), design }));

  if (format === 'json') {
    const document = parseJsonText(text);
    if (!document.ok) return rejectFile(file, 'invalid-json', detail.invalidJson(document.reason), lineAt(document));
    const table = jsonRowsToTable(text, document.value);
    if (!table.ok) return rejectFile(file, 'json-not-rows', table.reason);
    return parseTable(table.table, input, file, limits);
  }

  const csv = readCsv(text);
  if (!csv.ok) return rejectFile(file, csv.rule, csv.reason, csv.column === undefined ? { line: csv.line } : { line: csv.line, column: String(csv.column) });
  return parseTable(csv.table, input, file, limits);
}

/**
 * C0 controls other than tab, LF and CR, DEL, C1 controls, and the bidirectional embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069), which can make printed text read other than it is.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The first control character in the text, its line and 1-based column; one regex test over the whole text on the common path. */
function firstControlCharacter(text: string): { line: number; column: number; codePoint: string } | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (match === null) return undefined;
  const before = text.slice(0, match.index).replace(/\r\n?/g, '\n');
  const lineStart = before.lastIndexOf('\n') + 1;
  const codePoint = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { line: before.split('\n').length, column: before.length - lineStart + 1, codePoint };
}

function definitionOutcome<T>(result: { ok: true; value: T } | { ok: false; problems: ProblemSink }, accept: (value: T) => ParseOutcome): ParseOutcome {
  return result.ok ? accept(result.value) : result.problems.rejection();
}

function parseTable(table: Table, input: ParseInput, file: string, limits: ParseLimits): ParseOutcome {
  if (table.headers.every((h) => h.trim() === '')) return rejectFile(file, 'empty-file', detail.noHeader());
  const dataRows = table.rows.countNonBlank(limits.maxRows);
  if (dataRows > limits.maxRows) {
    return rejectFile(file, 'too-many-rows', detail.tooManyRows(limits.maxRows));
  }
  if (dataRows === 0) return rejectFile(file, 'header-only', detail.headerOnly(), { line: table.headerLine });

  // Only exports with question texts take the survey-tool paths; a canonical header never does.
  const survey = looksLikeExport(table.headers) ? (mergeTwoRowHeader(table) ?? table) : table;
  const choice = input.mappings === undefined || input.mappings.length === 0 ? ({ kind: 'none' } as const) : chooseMapping(survey.headers, input.mappings);
  if (choice.kind === 'ambiguous') {
    return rejectFile(file, 'ambiguous-mapping', detail.ambiguousMapping(choice.names), { line: table.headerLine });
  }
  if (choice.kind === 'one') {
    const mapped = readTable(applyMapping(survey, choice.named.mapping), input, file, dataRows, limits.maxRows);
    return mapped.ok ? { ...mapped, mapping: choice.named.fileName } : mapped;
  }
  const outcome = readTable(table, input, file, dataRows, limits.maxRows);
  if (outcome.ok || !outcome.problems.some((p) => p.rule === 'unknown-column' || p.rule === 'unrecognised-layout') || survey === table && !looksLikeExport(table.headers)) return outcome;
  // An export of a survey tool (question texts as headers): refused by name, with a mapping to correct and upload.
  const proposal = proposeMapping(file, survey, input.instruments);
  if (proposal === undefined) return outcome;
  const sink = new ProblemSink(file);
  sink.add('no-mapping', { line: survey.headerLine }, detail.noMapping(proposal.fileName));
  for (const problem of outcome.problems) if (sink.listed.length < MAX_PROBLEMS_LISTED) sink.listed.push(problem);
  return { ok: false, problems: sink.listed, totalProblems: 1 + outcome.totalProblems, proposedMapping: proposal };
}

/** `dataRows`: the table's non-blank data rows, so that per-row tables are sized once. `maxRows` also bounds a wide file's rows after they are spread out. */
function readTable(table: Table, input: ParseInput, file: string, dataRows: number, maxRows: number): Extract<ParseOutcome, { kind: 'reaction' | 'assessment' }> | Rejection {
  const sink = new ProblemSink(file);
  const columns = mapColumns(table, input.instruments, sink);
  if (columns === undefined) return sink.rejection();
  if (columns.dataset === 'reaction') {
    const rows = readReactions(table, columns, sink, input.onRespondent, input.rowLines, dataRows);
    return sink.empty ? { ok: true, kind: 'reaction', rows } : sink.rejection();
  }
  const rows = readAssessments(table, columns, input.instruments, sink, input.onRespondent, input.onLeader, input.rowLines, maxRows);
  if (rows === 'too-many-rows') return rejectFile(file, 'too-many-rows', detail.tooManyScores(maxRows, columns.dimensionColumns.length));
  return sink.empty ? { ok: true, kind: 'assessment', rows } : sink.rejection();
}

export type { Rejection };
