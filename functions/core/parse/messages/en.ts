import type { Dataset } from '../../model/index.ts';
import type { RuleId } from '../rules.ts';
import { quoted as q, type RuleText } from './types.ts';

/**
 * Every English text about a refused file, in one place: each rule's short sentence and fix for the
 * consultant (`en`, the twin of `sv`), and the parser's own detailed sentences (`detail`), which become
 * `Problem.message` in logs and rejected.json. Tests compare against these functions, never retype them.
 */
export const en: Record<RuleId, RuleText> = {
  'file-too-large': { sentence: () => 'the file is larger than the limit for one file.', fix: 'Split the file by programme or by year and upload the parts.' },
  'unsupported-extension': { sentence: (f) => `the extension ${q(f.value)} is not read.`, fix: 'Save the file as .csv, .xlsx or .json.' },
  'wrong-format': { sentence: () => 'the content is not what the file extension promises.', fix: 'Export the data again as CSV (UTF-8) or an Excel workbook (.xlsx).' },
  'wrong-encoding': { sentence: () => 'the text is in an encoding that is not read (e.g. UTF-16).', fix: 'Save as "CSV UTF-8 (comma delimited)".' },
  'empty-file': { sentence: () => 'the file is empty.', fix: 'Check the export and upload the file again.' },
  'header-only': { sentence: () => 'the file has a header but no data rows.', fix: 'Export again with the answers included.' },
  'unreadable-file': { sentence: () => 'the file could not be read (damaged or cut short).', fix: 'Save the file again, or export it as CSV, and upload it again.' },
  'malformed-csv': { sentence: () => 'the CSV text breaks the quoting rules (e.g. a quote that is never closed).', fix: 'Close or remove the quote on that line.' },
  'unclosed-quote': { sentence: () => 'a quote opens on this line and never closes, or closes only after lines that are records of their own; those lines would become one comment.', fix: 'Close the quote where the value ends, or remove it.' },
  'extra-field': { sentence: () => 'the row has a value in a field after the header\'s last column; it would be lost.', fix: 'Remove the value, give its column a header, or put quotes around a value that holds the delimiter.' },
  'control-character': { sentence: (f) => `the text holds a control character${f.value ? ` (${f.value})` : ''} that does not belong in a text file.`, fix: 'Remove the character (often pasted from another program) and save the file as CSV UTF-8 again.' },
  'invalid-json': { sentence: () => 'the text is not valid JSON.', fix: 'Fix the JSON (a validator shows where) and upload again.' },
  'json-not-rows': { sentence: () => 'the JSON file is not a list of rows.', fix: 'Give the data as a list of objects, one per row.' },
  'expands-too-large': { sentence: () => 'the workbook unpacks to more than the limit.', fix: 'Keep only the sheet with the data, or export as CSV.' },
  'sheet-too-large': { sentence: () => 'a worksheet is unreasonably large.', fix: 'Delete empty rows and columns far out in the sheet, or export as CSV.' },
  'too-many-rows': { sentence: () => 'the file has more data rows than one file may hold.', fix: 'Split the file by programme or by year.' },
  'unrecognised-layout': { sentence: () => 'the header describes neither a reaction survey nor an assessment.', fix: 'Use the column names in docs/data-format.md (e.g. respondent, program, date, satisfaction).' },
  'unknown-column': { sentence: (f) => `the column ${q(f.value)} is not part of this format.`, fix: 'Rename the column to one the format has, or remove it.' },
  'missing-column': { sentence: () => 'a required column is missing from the header.', fix: 'Add the column (see docs/data-format.md).' },
  'duplicate-column': { sentence: (f) => `two headers name the same column${f.value ? ` (${q(f.value)})` : ''}.`, fix: 'Keep one of the columns.' },
  'unnamed-column': { sentence: () => 'a column holds values but has no header.', fix: 'Name the column or delete it.' },
  'missing-respondent': { sentence: () => 'the row has no id for the person who answered.', fix: 'Fill in the id (the same as in the other files) on every row.' },
  'missing-leader': { sentence: () => 'the row does not name the leader being rated.', fix: "Fill in the leader's id on every row answered by someone other than the leader." },
  'self-leader-mismatch': { sentence: () => 'a self-rating names a leader other than the person who answered.', fix: 'In self-ratings, leader and respondent must be the same person.' },
  'missing-value': { sentence: (f) => `the cell is empty${f.range ? `; give a number ${f.range}` : ''}.`, fix: 'Fill in the value, or remove the row if the answer is missing.' },
  'not-a-number': { sentence: (f) => `${q(f.value)} is not a number${f.range ? `; the scale is ${f.range}` : ''}.`, fix: 'Write the value as a number.' },
  'not-an-integer': { sentence: (f) => `${f.value ?? 'the value'} is not a whole number${f.range ? `; the scale has whole numbers ${f.range}` : ''}.`, fix: 'Reaction ratings are whole numbers; check the export rather than rounding.' },
  'out-of-range': { sentence: (f) => `${f.value ?? 'the value'} lies outside the scale${f.range ? ` ${f.range}` : ''}.`, fix: 'Correct the value to the scale, or remove the row if it is a mistyped answer.' },
  'invalid-date': { sentence: (f) => `${q(f.value) || 'the date'} is not a date in the form YYYY-MM-DD.`, fix: 'Write dates as YYYY-MM-DD, e.g. 2025-05-14.' },
  'unknown-instrument': { sentence: (f) => `the instrument ${q(f.value)} is not defined.`, fix: 'Correct the instrument name, or upload its definition (.instrument.json) first.' },
  'unknown-dimension': { sentence: (f) => `the dimension ${q(f.value)} is not part of the instrument.`, fix: "Use the instrument's dimension names." },
  'invalid-wave': { sentence: (f) => `${q(f.value) || 'the wave'} is neither pre nor post.`, fix: 'Write pre (före) or post (efter).' },
  'unknown-rater': { sentence: (f) => `${q(f.value) || 'the rater'} is none of self, manager, employee, peer.`, fix: 'Write self, manager, employee or peer.' },
  'duplicate-score': { sentence: () => 'the same person has two scores for the same leader, programme, instrument, wave, dimension and rater.', fix: 'Remove the duplicate.' },
  'duplicate-response': { sentence: () => 'the same person answered twice in the same programme on the same day.', fix: 'Remove the duplicate.' },
  'invalid-instrument': { sentence: () => 'the instrument definition breaks the schema.', fix: 'Correct the definition as docs/data-format.md describes.' },
  'invalid-settings': { sentence: () => 'the client settings break the schema.', fix: 'Correct the settings file as docs/data-format.md describes.' },
  'commentary-too-long': { sentence: () => 'the commentary is longer than the report can hold.', fix: 'Shorten the commentary to at most 20,000 characters.' },
  'invalid-mapping': { sentence: () => 'the mapping file breaks the mapping schema.', fix: 'Correct the mapping file as docs/data-format.md describes and upload it again.' },
  'invalid-program': { sentence: () => 'the programme description breaks the programme description schema.', fix: 'Correct the programme description as docs/data-format.md ("Programme descriptions") describes and upload it again.' },
  'ambiguous-mapping': { sentence: () => 'two mapping files fit the export, so which one applies is unclear.', fix: 'Remove or change one of the mapping files so that only one fits.' },
  'no-mapping': { sentence: () => 'the export comes from a survey tool no mapping file fits.', fix: 'Correct the attached proposed mapping file and upload it, then upload the export again.' },
  'pre-after-post': { sentence: () => 'a pre measurement is dated after a post measurement of the same person (same programme, instrument and rater).', fix: 'Correct the date or the wave (pre/post).' },
  'name-collision': { sentence: () => 'another file in the folder has the same name, written with other Unicode characters (as macOS and Windows write å, ä, ö differently).', fix: 'Delete one of the files, or rename this one and upload it again.' },
  'client-mismatch': { sentence: (f) => `the client id ${q(f.value)} does not match the folder the file is in.`, fix: 'Upload the file under the right client, or correct clientId in the file.' },
  'duplicate-content': { sentence: () => 'the file has exactly the same content as a file already counted.', fix: 'Nothing to do if it was uploaded twice by mistake.' },
  'key-layout': { sentence: () => 'the file is not under <client>/<year>/.', fix: 'Upload the file under a client and a year.' },
};

/** "a string", "an array", "null": what a JSON value is, for a sentence. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const datasetName = (dataset: Dataset) => (dataset === 'reaction' ? 'a reaction survey' : 'an assessment');
const datasetPlural = (dataset: Dataset) => (dataset === 'reaction' ? 'reaction surveys' : 'assessments');
const textKind = (format: string) => (format === 'csv' ? 'CSV' : 'JSON');

/** The scale a rating is read on, named in the row reader's sentences. */
export const scaleName = {
  satisfaction: 'the satisfaction scale',
  usefulness: 'the usefulness scale',
  recommendation: 'the recommendation scale',
  instrument: (instrumentId: string) => `the scale of ${instrumentId}`,
};

/**
 * The parser's detailed sentence for each way a file is refused: the text after "file line N, column C: ".
 * Grouped by where in reading the file they arise.
 */
export const detail = {
  // The file as a whole (parse/index.ts).
  unreadable: (reason: string) => `the file could not be read (${reason}); save it again and re-upload, or export it as CSV.`,
  unsupportedExtension: (extension: string, accepted: readonly string[]) =>
    `files ending "${extension || '(no extension)'}" are not read; upload ${accepted.join(', ')}.${extension === '.xls' ? ' Save the workbook as .xlsx (Excel Workbook) or CSV.' : ''}`,
  fileTooLarge: (size: string, limit: string) => `the file is ${size}, more than the ${limit} limit; split it by program or by year.`,
  noBytes: () => 'the file is empty (0 bytes); the export may have failed.',
  oldWorkbook: (what: string | undefined) => `the file is ${what}, not an .xlsx workbook; open it in Excel, remove any password and save as Excel Workbook (.xlsx).`,
  notAWorkbook: (what: string | undefined, looksLikeText: boolean) =>
    what !== undefined
      ? `the file is ${what}, not an Excel workbook.`
      : looksLikeText
        ? 'the file is plain text, not an Excel workbook; if it is a CSV export, rename it to .csv.'
        : 'the file is not an Excel workbook.',
  notText: (signature: string, format: string, isZip: boolean) =>
    `the file is ${signature}, not a ${textKind(format)} text file.${isZip ? ' If it is an Excel workbook, name it .xlsx.' : ''}`,
  binaryText: (format: string) => `the file holds binary data, not ${textKind(format)} text; export the data again as CSV UTF-8.`,
  utf32Text: () => 'the file is UTF-32 text (its byte-order mark says so), which is not read; save it as "CSV UTF-8 (comma delimited)".',
  utf16WithoutBom: () => 'the file looks like UTF-16 text without a byte-order mark; save it as "CSV UTF-8 (comma delimited)".',
  onlyBlankSpace: () => 'the file holds only blank space, no header and no rows.',
  controlCharacter: (codePoint: string) =>
    `the text holds the control character ${codePoint} here; it would reach the report, the e-mail or a terminal. Remove it (often pasted from another program) and save the file again.`,
  commentaryTooLong: (characters: number, max: number) => `the commentary has ${characters} characters, more than the ${max} the report has room for; shorten it.`,
  invalidJson: (reason: string) => `the file is not valid JSON (${reason}).`,
  noHeader: () => 'the file has no header row and no data.',
  tooManyRows: (maxRows: number) => `the file has more than ${maxRows.toLocaleString('en')} data rows, the most one file may hold; split it by program or by year.`,
  tooManyScores: (maxRows: number, scoreColumns: number) =>
    `the file holds more than ${maxRows.toLocaleString('en')} scores, the most one file may hold${scoreColumns > 1 ? ` (each row gives one score per column of scores, here ${scoreColumns})` : ''}; split it by program or by year.`,
  headerOnly: () => 'the file has a header but no data rows.',
  ambiguousMapping: (names: readonly string[]) =>
    `the mappings ${names.join(' and ')} both fit this file's header; remove one of them, or make one name a header only this export has.`,
  noMapping: (proposalFileName: string) =>
    `no mapping file fits this export (its headers are the survey's questions, not Effekt's columns). A proposed mapping, ${proposalFileName}, comes with this message: check it (above all program and wave), correct it and upload it to the same folder, then upload the export again.`,

  // CSV text (parse/csv.ts).
  unclosedQuote: () => 'a quoted field opens with " on this line and is never closed; close the quote or remove it.',
  swallowedRecord: (swallowedLine: number) =>
    `a quoted field opens with " on this line and swallows line ${swallowedLine}, which is a record of its own; close the quote where the value ends, or remove it.`,
  brokenQuoting: (reason: string) => `the CSV quoting is broken (${reason}); close the quote or remove it.`,
  extraField: (field: number, headerFields: number) =>
    `this row has a value in field ${field}, but the header has only ${headerFields} columns, so the value would be lost; remove it, name its column in the header, or put quotes around a value that holds the delimiter.`,

  // JSON rows (parse/json.ts).
  jsonNotArray: (value: unknown) => `the file holds ${jsonKind(value)}, not an array of row objects like [{"respondent": "1001", …}, …].`,
  jsonItemNotObject: (item: number, value: unknown) => `item ${item} of the array is ${jsonKind(value)}, not a row object.`,
  jsonFieldValue: (item: number, key: string, value: unknown) => `item ${item}, field "${key}" holds ${jsonKind(value)}; row values must be text, numbers, booleans or null.`,

  // Workbooks (parse/xlsx.ts, parse/zip-guard.ts).
  workbookUnopenable: (reason: string) => `the workbook cannot be opened (${reason}); save it again from Excel as .xlsx.`,
  sheetTooWide: (sheet: string, columns: number, maxColumns: number) =>
    `sheet "${sheet}" uses ${columns} columns, more than the ${maxColumns} any evaluation export needs; delete the unused columns.`,
  workbookExpandsTooFar: (limit: string) => `the workbook would expand to more than ${limit} when opened; refused as a possible zip bomb. Save a smaller workbook or export CSV.`,
  partCompressesTooWell: (part: string, ratio: number) => `the workbook part ${part} compresses ${Math.round(ratio)}:1, far beyond any real spreadsheet; refused as a possible zip bomb.`,
  partExpandsTooFar: (part: string, limit: string) => `the workbook part ${part} expands beyond what the archive declares or beyond ${limit}; refused as a possible zip bomb.`,
  notCompleteZip: () => 'the workbook is not a complete ZIP archive (truncated or damaged); save it again from Excel.',
  zip64Archive: () => 'the workbook uses ZIP64, which only archives above 4 GB need; save it again from Excel.',
  zip64Entries: () => 'the workbook uses ZIP64 entries, which only parts above 4 GB need; save it again from Excel.',
  directoryPastEnd: () => 'the workbook archive is damaged (its directory points past the end of the file); save it again from Excel.',
  directoryDamaged: () => 'the workbook archive directory is damaged; save it again from Excel.',
  partDamaged: (part: string) => `the workbook part ${part} is damaged; save the workbook again from Excel.`,
  partCutShort: (part: string) => `the workbook part ${part} is cut short; the upload may be incomplete.`,
  partUnknownCompression: (part: string) => `the workbook part ${part} uses a compression method Excel does not write; save it again from Excel.`,
  partUndecompressable: (part: string) => `the workbook part ${part} cannot be decompressed (damaged archive); save it again from Excel.`,
  workbookPartTooLarge: (name: string, partLimit: string, csvRows: number) =>
    `the workbook part ${name} expands to more than ${partLimit}, more than a workbook can hold to be read within the ingest function's memory; export the data as CSV (up to ${csvRows.toLocaleString('en')} rows) or split the workbook.`,
  worksheetTooManyCells: (cells: number, verb: 'holds' | 'declares', cellLimit: number, csvRows: number) =>
    `a worksheet ${verb} ${cells.toLocaleString('en')} cells, more than the ${cellLimit.toLocaleString('en')} a workbook may hold to be read within the ingest function's memory; export the data as CSV (up to ${csvRows.toLocaleString('en')} rows) or split the workbook.`,
  sheetDimensionAbsurd: (rows: number, columns: number, maxColumns: number) =>
    `a worksheet claims ${rows.toLocaleString('en')} rows × ${columns.toLocaleString('en')} columns, beyond any real evaluation export (at most ${maxColumns} columns); delete unused rows and columns or export CSV.`,

  // The header (parse/columns.ts).
  unnamedColumn: (column: number, firstLine: number) => `column ${column} holds values (first on line ${firstLine}) but has no header; name it or delete it.`,
  duplicateColumn: (header: string, previous: string, field: string) => `"${header}" and "${previous}" both name the ${field} column; keep one.`,
  unrecognisedLayout: (headers: readonly string[]) =>
    `the header (${headers.join(', ') || 'empty'}) describes neither a reaction survey (respondent, program, date, satisfaction, usefulness, recommendation, comment) nor an assessment (respondent, leader, program, instrument, wave, date, rater, dimension, score).`,
  leaderInReaction: (header: string) =>
    `"${header}" names the rated leader, which reaction surveys do not have: the participants answer them themselves; name the column deltagare (respondent).`,
  columnOfOtherDataset: (header: string, field: string, dataset: Dataset) =>
    `"${header}" is a ${field} column, which ${datasetPlural(dataset)} do not have; delete it or move it to the right file.`,
  mappedToUnknown: (header: string, target: string, dataset: Dataset) =>
    `"${header}" is mapped to "${target}", which is neither a column of ${datasetName(dataset)} nor an item or dimension of a known instrument; correct the mapping, or upload the instrument first.`,
  unknownColumn: (header: string, dataset: Dataset, suggestion: string) => `"${header}" is not a column of ${datasetName(dataset)}.${suggestion}`,
  noPersonColumn: () => 'the header names neither respondent (who answered) nor leader (who is rated); self-ratings need one of them, ratings by others both.',
  missingColumn: (field: string) => `the required column ${field} is missing from the header.`,
  noScoreColumns: () => 'the assessment has neither dimension and score columns nor one column per dimension or item (wide layout).',
  /** Appended to a sentence when a close known name exists (parse/suggest.ts). */
  didYouMean: (match: string) => ` Did you mean "${match}"?`,

  // Cells (parse/row-reader.ts, reaction.ts, assessment.ts).
  respondentEmpty: () => 'the respondent id is empty; every row needs the id of the person it is about.',
  cellEmpty: (field: string) => `the ${field} cell is empty; every row needs one.`,
  dateEmpty: () => 'the date cell is empty; every row needs a date (YYYY-MM-DD).',
  invalidDate: (written: string) => `"${written}" is not a date in the form YYYY-MM-DD (e.g. 2025-05-14) between 1990 and 2099.`,
  numberEmpty: (header: string, scale: string, range: string) => `the ${header} cell is empty; give a number on ${scale} (${range}).`,
  notANumber: (written: string, scale: string, range: string) => `"${written}" is not a number; ${scale} runs ${range}.`,
  notAnInteger: (written: string, scale: string, range: string) => `${written} is not a whole number; ${scale} has whole numbers ${range}.`,
  outOfRange: (value: string, range: string, scale: string) => `${value} is outside ${range}, ${scale}.`,
  duplicateResponse: (respondent: string, program: string, date: string, firstLine: number, line: number) =>
    `respondent "${respondent}" already answered for program "${program}" on ${date} at line ${firstLine}; lines ${firstLine} and ${line} are the same response, remove one.`,
  duplicateScore: (score: { respondent: string; leader: string; wave: string; rater: string; program: string; what: string }, firstLine: number, line: number) =>
    `respondent "${score.respondent}" already has a ${score.wave} ${score.rater} score${score.leader === score.respondent ? '' : ` of leader "${score.leader}"`} for ${score.what} in program "${score.program}" at line ${firstLine}; keep one of lines ${firstLine} and ${line}.`,
  unknownInstrument: (written: string, known: readonly string[], suggestion: string) =>
    `"${written}" is not a known instrument (known: ${known.join(', ')}).${suggestion} Upload its .instrument.json first if it is your own.`,
  invalidWave: (written: string) => `"${written}" is not a wave; write pre (före) or post (efter).`,
  unknownRater: (written: string) => `"${written}" is not a rater; write self (själv), manager (chef), employee (medarbetare) or peer (kollega).`,
  selfRatingIdEmpty: (column: 'respondent' | 'leader') => `the ${column} id is empty; a self-rating needs the id of the leader who answered (as respondent or leader).`,
  selfLeaderMismatch: (respondent: string, leader: string) =>
    `a self-rating is by the leader it is about, but respondent is "${respondent}" and leader "${leader}"; correct one of them, or give the rater (manager, employee, peer) if someone else answered.`,
  noRespondentColumn: (rater: string) => `the file has no respondent column, but this ${rater} rating needs the id of the person who answered; add a respondent (deltagare) column.`,
  raterRespondentEmpty: (rater: string) => `the respondent id is empty; this ${rater} rating needs the id of the person who answered.`,
  noLeaderColumn: (rater: string) => `the file has no leader column, but this ${rater} rating needs the id of the leader it is about; add a leader (ledare) column.`,
  leaderEmpty: (rater: string) => `the leader id is empty; this ${rater} rating needs the id of the leader it is about.`,
  unknownDimension: (written: string, instrumentId: string, dimensions: readonly string[], suggestion: string) =>
    `"${written}" is not a dimension of ${instrumentId} (its dimensions: ${dimensions.join(', ')}).${suggestion}`,
  itemOfDimensionInstrument: (written: string, instrumentId: string, dimensions: readonly string[]) =>
    `"${written}" is an item, but ${instrumentId} is scored per dimension and has no items; give its dimensions (${dimensions.join(', ')}).`,
  unknownItem: (written: string, instrumentId: string, items: readonly string[], suggestion: string) =>
    `"${written}" is not an item of ${instrumentId} (its items: ${items.join(', ')}).${suggestion}`,

  // Instrument definitions and client settings (parse/definitions.ts).
  schemaIssue: (issue: string) => `${issue.replace(/\.$/, '')}.`,
  instrumentNotJson: (reason: string) => `the instrument definition is not valid JSON (${reason}).`,
  settingsNotJson: (reason: string) => `the client settings are not valid JSON (${reason}).`,
  dimensionIdTwice: (index: number, id: string) => `dimensions[${index}].id: the dimension id "${id}" appears twice.`,
  itemDimensionUnknown: (index: number, dimension: string, dimensions: readonly string[]) =>
    `items[${index}].dimension: "${dimension}" is not a dimension of this instrument (its dimensions: ${dimensions.join(', ')}).`,
  itemIdTwice: (index: number, id: string) => `items[${index}].id: the item id "${id}" appears twice.`,
  itemIdIsDimension: (index: number, id: string) => `items[${index}].id: "${id}" is also a dimension id; give the item an id of its own.`,

  // Programme descriptions (parse/program-design.ts).
  notAProgramId: (name: string) =>
    `"${name}" is not a programme id: name the file after the programme as the data files write it (letters, digits, spaces, hyphens), e.g. ledarprogram.program.json.`,
  programNotJson: (reason: string) => `the programme description is not valid JSON (${reason}).`,

  // Mapping files (parse/mapping/read.ts); `schemaIssueAt` serves programme descriptions too.
  mappingNotJson: (reason: string) => `the mapping is not valid JSON (${reason}).`,
  schemaIssueAt: (path: string, issue: string) => `${path}: ${issue.replace(/\.$/, '')}.`,
  mappingNoColumns: () => 'columns: name at least one exported header and what it is.',
  mappingTargetNotReaction: (path: string, target: string, fields: readonly string[]) => `${path}: "${target}" is not a column of a reaction survey (${fields.join(', ')}).`,
  mappingTargetNotAssessment: (path: string, target: string, fields: readonly string[]) =>
    `${path}: "${target}" is neither a column of an assessment (${fields.join(', ')}) nor an item id (lowercase letters, digits, hyphens).`,
  mappingTargetTwice: (path: string, previous: string, target: string) => `${path}: "${previous}" is already mapped to ${target}; map one header to it.`,
  mappingIgnoredAndMapped: (index: number, header: string) => `ignore[${index}]: "${header}" is also in columns; either read it or ignore it.`,
  mappingConstantAlsoColumn: (field: string, header: string | undefined) => `constants.${field}: ${field} is also read from the column "${header}"; keep one.`,
  mappingConstantNotReaction: (field: string) => `constants.${field}: a reaction survey has no ${field}; constants it may have: program, date.`,
  mappingValuesUnmapped: (target: string) => `values.${target}: no header is mapped to ${target}; answers can only be translated for a mapped column.`,

  // Raised by ingest, outside the parser (functions/ingest).
  storedTooLarge: (size: string, limit: string) => `the file is ${size}, over the limit of ${limit}; split it into smaller files`,
  clientMismatch: (written: string | undefined, folder: string) => `clientId "${written}" does not match the folder "${folder}"`,
  countedElsewhere: (what: string, kind: 'response' | 'score') => `${what}; the same ${kind} would count twice. Remove it from one of the two files.`,
  responseCountedIn: (respondent: string, program: string, date: string, there: string) =>
    `respondent "${respondent}" already answered for program "${program}" on ${date} in ${there}, which is counted`,
  scoreCountedIn: (respondent: string, score: string, leader: string | undefined, measure: string, program: string, there: string) =>
    `respondent "${respondent}" already has a ${score} score${leader === undefined ? '' : ` of leader "${leader}"`} for ${measure} in program "${program}" in ${there}, which is counted`,
  fileLine: (fileName: string, line: number | undefined) => `${fileName}${line === undefined ? '' : ` line ${line}`}`,
  nameCollision: (shown: string, others: string) =>
    `the name ${shown} is the same name as ${others} already in the folder, written with other Unicode characters (as macOS and Windows write å, ä, ö differently); both cannot count under one name. Delete one of them, or rename this file and upload it again.`,
  duplicateContent: (owner: string) => `has exactly the same content as ${owner}, which is already counted; it is not counted twice`,
};
