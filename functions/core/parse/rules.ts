/**
 * Stable rule ids for every way a file can be refused. Ingest, e-mails and docs/data-format.md refer to
 * these ids, so never rename one; add new ones instead. Every id needs a sentence and a fix in each
 * language (messages/sv.ts, messages/en.ts); the typecheck and test/unit/parse/rule-ids.test.ts hold to that.
 */
export const RULES = {
  'file-too-large': 'The file is larger than the byte limit.',
  'unsupported-extension': 'The file name ends in an extension the parser does not read.',
  'wrong-format': 'The bytes are not what the extension promises (PDF, ZIP, image or other binary renamed).',
  'wrong-encoding': 'The text is in an encoding the parser does not read (e.g. UTF-16 without byte-order mark).',
  'empty-file': 'The file holds no data at all.',
  'header-only': 'The file has a header but no data rows.',
  'unreadable-file': 'A library could not read the file (corrupt workbook, truncated archive, …).',
  'malformed-csv': 'The CSV text breaks quoting rules (e.g. an unclosed quote).',
  'extra-field': 'A CSV row has a value in a field past the header\'s last column; it would be lost.',
  'control-character': 'A text file holds a control character (other than tab, CR, LF) or a bidirectional override.',
  'invalid-json': 'The JSON text does not parse.',
  'json-not-rows': 'A data JSON file is not an array of row objects.',
  'expands-too-large': 'An XLSX workbook would expand beyond the uncompressed-size limit or compresses suspiciously well (zip bomb).',
  'sheet-too-large': 'A worksheet declares or uses absurd dimensions.',
  'too-many-rows': 'The file has more data rows than the row limit.',
  'unrecognised-layout': 'The header names neither a reaction survey nor an assessment.',
  'unknown-column': 'A header names a column the dataset does not have.',
  'missing-column': 'A required column is absent.',
  'duplicate-column': 'Two headers name the same column.',
  'unnamed-column': 'A column holds values but has no header.',
  'missing-respondent': 'A row has no respondent id (for a self-rating: neither a respondent nor a leader id).',
  'missing-leader': 'A row rated by someone other than the leader (manager, employee, peer) does not name the rated leader.',
  'self-leader-mismatch': 'A self-rating names a respondent and a leader who are different people.',
  'missing-value': 'A required cell is empty.',
  'not-a-number': 'A rating or score is not a number.',
  'not-an-integer': 'A reaction rating has decimals.',
  'out-of-range': "A rating or score lies outside its scale.",
  'invalid-date': 'A date is not a real calendar date in YYYY-MM-DD form.',
  'unknown-instrument': 'An assessment row names an instrument that is not defined.',
  'unknown-dimension': 'An assessment row names a dimension its instrument does not have.',
  'invalid-wave': 'A wave is neither pre (före) nor post (efter).',
  'unknown-rater': 'A rater is none of self, manager, employee, peer.',
  'duplicate-score': 'Two rows give a score for the same respondent, leader, program, instrument, wave, dimension and rater.',
  'duplicate-response': 'Two reaction rows share respondent, program and date.',
  'invalid-instrument': 'An instrument definition file breaks the instrument schema.',
  'invalid-settings': 'A client settings file breaks the client settings schema.',
  'invalid-mapping': 'A mapping file (*.mapping.json) breaks the mapping schema.',
  'ambiguous-mapping': 'Two mapping files fit one export; which to read it with is unclear.',
  'no-mapping': 'An export from a survey tool that no mapping file fits; a proposed mapping comes with the refusal.',
  'commentary-too-long': 'The commentary (kommentar.md) is longer than the report has room for.',
  'invalid-program': 'A programme description (<programme-id>.program.json) breaks the programme description schema, or its name is no programme id.',
  // Raised by ingest, outside the parser.
  'client-mismatch': "A client settings file names a clientId other than the folder it was uploaded to.",
  'duplicate-content': 'The file has exactly the same content as another file of the client-year that already counts.',
  'key-layout': 'The upload is not under <client>/<year>/ and cannot be routed to a client-year.',
} as const;

export type RuleId = keyof typeof RULES;
