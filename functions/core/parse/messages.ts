import type { Locale, Problem } from '../model/index.ts';
import type { RuleId } from './rules.ts';

/**
 * Every rule's sentence in Swedish and English, in one place: what the consultant reads about a refused
 * file, and what to do about it. `Problem.message` stays the parser's own English sentence (logs,
 * rejected.json); these are for people, in the consultant's language.
 */

/** What a sentence may use: the problem's value, and a scale or range the parser named in its message. */
export interface ProblemFacts {
  value?: string;
  /** e.g. "1–10", taken from the parser's message when it names one. */
  range?: string;
}

interface RuleText {
  /** The sentence after "file line N, column C: ". */
  sentence: (facts: ProblemFacts) => string;
  /** What to do, once per rule in an e-mail. */
  fix: string;
}

/** Rules raised outside the parser (by ingest), spelled like parse rules. */
export type IngestRuleId = 'client-mismatch' | 'duplicate-content' | 'key-layout';

const q = (value: string | undefined) => (value === undefined || value === '' ? '' : `"${value}"`);

export const RULE_MESSAGES: Record<RuleId | IngestRuleId, Record<Locale, RuleText>> = {
  'file-too-large': {
    sv: { sentence: () => 'filen är större än gränsen för en fil.', fix: 'Dela upp filen per program eller per år och ladda upp delarna.' },
    en: { sentence: () => 'the file is larger than the limit for one file.', fix: 'Split the file by programme or by year and upload the parts.' },
  },
  'unsupported-extension': {
    sv: { sentence: (f) => `filändelsen ${q(f.value)} läses inte.`, fix: 'Spara filen som .csv, .xlsx eller .json.' },
    en: { sentence: (f) => `the extension ${q(f.value)} is not read.`, fix: 'Save the file as .csv, .xlsx or .json.' },
  },
  'wrong-format': {
    sv: { sentence: () => 'filens innehåll är inte det som filändelsen lovar.', fix: 'Exportera data på nytt som CSV (UTF-8) eller Excel-arbetsbok (.xlsx).' },
    en: { sentence: () => 'the content is not what the file extension promises.', fix: 'Export the data again as CSV (UTF-8) or an Excel workbook (.xlsx).' },
  },
  'wrong-encoding': {
    sv: { sentence: () => 'texten har en teckenkodning som inte läses (t.ex. UTF-16).', fix: 'Spara som "CSV UTF-8 (kommaavgränsad)".' },
    en: { sentence: () => 'the text is in an encoding that is not read (e.g. UTF-16).', fix: 'Save as "CSV UTF-8 (comma delimited)".' },
  },
  'empty-file': {
    sv: { sentence: () => 'filen är tom.', fix: 'Kontrollera exporten och ladda upp filen igen.' },
    en: { sentence: () => 'the file is empty.', fix: 'Check the export and upload the file again.' },
  },
  'header-only': {
    sv: { sentence: () => 'filen har en rubrikrad men inga datarader.', fix: 'Exportera igen med svaren med.' },
    en: { sentence: () => 'the file has a header but no data rows.', fix: 'Export again with the answers included.' },
  },
  'unreadable-file': {
    sv: { sentence: () => 'filen kunde inte läsas (skadad eller avkortad).', fix: 'Spara filen på nytt, eller exportera den som CSV, och ladda upp igen.' },
    en: { sentence: () => 'the file could not be read (damaged or cut short).', fix: 'Save the file again, or export it as CSV, and upload it again.' },
  },
  'malformed-csv': {
    sv: { sentence: () => 'CSV-texten bryter mot citatteckenreglerna (t.ex. ett citattecken som inte stängs).', fix: 'Stäng eller ta bort citattecknet på raden.' },
    en: { sentence: () => 'the CSV text breaks the quoting rules (e.g. a quote that is never closed).', fix: 'Close or remove the quote on that line.' },
  },
  'extra-field': {
    sv: { sentence: () => 'raden har ett värde i ett fält efter rubrikradens sista kolumn; värdet skulle gå förlorat.', fix: 'Ta bort värdet, ge dess kolumn en rubrik, eller sätt citattecken runt ett värde som innehåller avgränsaren.' },
    en: { sentence: () => 'the row has a value in a field after the header\'s last column; it would be lost.', fix: 'Remove the value, give its column a header, or put quotes around a value that holds the delimiter.' },
  },
  'control-character': {
    sv: { sentence: (f) => `texten innehåller ett styrtecken${f.value ? ` (${f.value})` : ''} som inte hör hemma i en textfil.`, fix: 'Ta bort tecknet (ofta inklistrat från ett annat program) och spara filen som CSV UTF-8 igen.' },
    en: { sentence: (f) => `the text holds a control character${f.value ? ` (${f.value})` : ''} that does not belong in a text file.`, fix: 'Remove the character (often pasted from another program) and save the file as CSV UTF-8 again.' },
  },
  'invalid-json': {
    sv: { sentence: () => 'texten är inte giltig JSON.', fix: 'Rätta JSON-texten (en validerare visar var) och ladda upp igen.' },
    en: { sentence: () => 'the text is not valid JSON.', fix: 'Fix the JSON (a validator shows where) and upload again.' },
  },
  'json-not-rows': {
    sv: { sentence: () => 'JSON-filen är inte en lista av rader.', fix: 'Ge data som en lista av objekt, ett per rad.' },
    en: { sentence: () => 'the JSON file is not a list of rows.', fix: 'Give the data as a list of objects, one per row.' },
  },
  'expands-too-large': {
    sv: { sentence: () => 'arbetsboken packas upp till mer än gränsen.', fix: 'Spara bara det blad som har data, eller exportera som CSV.' },
    en: { sentence: () => 'the workbook unpacks to more than the limit.', fix: 'Keep only the sheet with the data, or export as CSV.' },
  },
  'sheet-too-large': {
    sv: { sentence: () => 'ett kalkylblad är orimligt stort.', fix: 'Ta bort tomma rader och kolumner långt ut i bladet, eller exportera som CSV.' },
    en: { sentence: () => 'a worksheet is unreasonably large.', fix: 'Delete empty rows and columns far out in the sheet, or export as CSV.' },
  },
  'too-many-rows': {
    sv: { sentence: () => 'filen har fler datarader än en fil får ha.', fix: 'Dela upp filen per program eller per år.' },
    en: { sentence: () => 'the file has more data rows than one file may hold.', fix: 'Split the file by programme or by year.' },
  },
  'unrecognised-layout': {
    sv: { sentence: () => 'rubrikraden beskriver varken en reaktionsenkät eller en mätning.', fix: 'Använd kolumnnamnen i docs/data-format.md (t.ex. deltagare, program, datum, nöjdhet).' },
    en: { sentence: () => 'the header describes neither a reaction survey nor an assessment.', fix: 'Use the column names in docs/data-format.md (e.g. respondent, program, date, satisfaction).' },
  },
  'unknown-column': {
    sv: { sentence: (f) => `kolumnen ${q(f.value)} finns inte i det här formatet.`, fix: 'Byt namn på kolumnen till ett namn formatet har, eller ta bort den.' },
    en: { sentence: (f) => `the column ${q(f.value)} is not part of this format.`, fix: 'Rename the column to one the format has, or remove it.' },
  },
  'missing-column': {
    sv: { sentence: () => 'en obligatorisk kolumn saknas i rubrikraden.', fix: 'Lägg till kolumnen (se docs/data-format.md).' },
    en: { sentence: () => 'a required column is missing from the header.', fix: 'Add the column (see docs/data-format.md).' },
  },
  'duplicate-column': {
    sv: { sentence: (f) => `två rubriker anger samma kolumn${f.value ? ` (${q(f.value)})` : ''}.`, fix: 'Behåll en av kolumnerna.' },
    en: { sentence: (f) => `two headers name the same column${f.value ? ` (${q(f.value)})` : ''}.`, fix: 'Keep one of the columns.' },
  },
  'unnamed-column': {
    sv: { sentence: () => 'en kolumn har värden men ingen rubrik.', fix: 'Ge kolumnen ett namn eller ta bort den.' },
    en: { sentence: () => 'a column holds values but has no header.', fix: 'Name the column or delete it.' },
  },
  'missing-respondent': {
    sv: { sentence: () => 'raden saknar id för den som svarade.', fix: 'Fyll i id (samma som i övriga filer) på varje rad.' },
    en: { sentence: () => 'the row has no id for the person who answered.', fix: 'Fill in the id (the same as in the other files) on every row.' },
  },
  'missing-leader': {
    sv: { sentence: () => 'raden anger inte vilken ledare som bedöms.', fix: 'Fyll i ledarens id på varje rad där någon annan än ledaren själv svarar.' },
    en: { sentence: () => 'the row does not name the leader being rated.', fix: "Fill in the leader's id on every row answered by someone other than the leader." },
  },
  'self-leader-mismatch': {
    sv: { sentence: () => 'en självskattning anger en annan ledare än den som svarade.', fix: 'I självskattningar ska ledare och svarande vara samma person.' },
    en: { sentence: () => 'a self-rating names a leader other than the person who answered.', fix: 'In self-ratings, leader and respondent must be the same person.' },
  },
  'missing-value': {
    sv: { sentence: (f) => `cellen är tom${f.range ? `; ange ett tal ${f.range}` : ''}.`, fix: 'Fyll i värdet, eller ta bort raden om svaret saknas.' },
    en: { sentence: (f) => `the cell is empty${f.range ? `; give a number ${f.range}` : ''}.`, fix: 'Fill in the value, or remove the row if the answer is missing.' },
  },
  'not-a-number': {
    sv: { sentence: (f) => `${q(f.value)} är inte ett tal${f.range ? `; skalan är ${f.range}` : ''}.`, fix: 'Skriv värdet som ett tal (decimalkomma eller decimalpunkt går bra).' },
    en: { sentence: (f) => `${q(f.value)} is not a number${f.range ? `; the scale is ${f.range}` : ''}.`, fix: 'Write the value as a number.' },
  },
  'not-an-integer': {
    sv: { sentence: (f) => `${f.value ?? 'värdet'} är inte ett heltal${f.range ? `; skalan har heltal ${f.range}` : ''}.`, fix: 'Reaktionsbetyg är heltal; avrunda inte i efterhand utan kontrollera exporten.' },
    en: { sentence: (f) => `${f.value ?? 'the value'} is not a whole number${f.range ? `; the scale has whole numbers ${f.range}` : ''}.`, fix: 'Reaction ratings are whole numbers; check the export rather than rounding.' },
  },
  'out-of-range': {
    sv: { sentence: (f) => `${f.value ?? 'värdet'} ligger utanför skalan${f.range ? ` ${f.range}` : ''}.`, fix: 'Rätta värdet till skalan, eller ta bort raden om det är ett felinmatat svar.' },
    en: { sentence: (f) => `${f.value ?? 'the value'} lies outside the scale${f.range ? ` ${f.range}` : ''}.`, fix: 'Correct the value to the scale, or remove the row if it is a mistyped answer.' },
  },
  'invalid-date': {
    sv: { sentence: (f) => `${q(f.value) || 'datumet'} är inte ett datum i formen ÅÅÅÅ-MM-DD.`, fix: 'Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-05-14.' },
    en: { sentence: (f) => `${q(f.value) || 'the date'} is not a date in the form YYYY-MM-DD.`, fix: 'Write dates as YYYY-MM-DD, e.g. 2025-05-14.' },
  },
  'unknown-instrument': {
    sv: { sentence: (f) => `instrumentet ${q(f.value)} är inte definierat.`, fix: 'Rätta instrumentets namn eller ladda upp dess definition (.instrument.json) först.' },
    en: { sentence: (f) => `the instrument ${q(f.value)} is not defined.`, fix: 'Correct the instrument name, or upload its definition (.instrument.json) first.' },
  },
  'unknown-dimension': {
    sv: { sentence: (f) => `dimensionen ${q(f.value)} finns inte i instrumentet.`, fix: 'Använd instrumentets dimensionsnamn.' },
    en: { sentence: (f) => `the dimension ${q(f.value)} is not part of the instrument.`, fix: "Use the instrument's dimension names." },
  },
  'invalid-wave': {
    sv: { sentence: (f) => `${q(f.value) || 'mätningen'} är varken före eller efter.`, fix: 'Skriv före (pre) eller efter (post).' },
    en: { sentence: (f) => `${q(f.value) || 'the wave'} is neither pre nor post.`, fix: 'Write pre (före) or post (efter).' },
  },
  'unknown-rater': {
    sv: { sentence: (f) => `${q(f.value) || 'bedömaren'} är ingen av självskattning, chef, medarbetare, kollega.`, fix: 'Skriv självskattning (själv), chef, medarbetare eller kollega.' },
    en: { sentence: (f) => `${q(f.value) || 'the rater'} is none of self, manager, employee, peer.`, fix: 'Write self, manager, employee or peer.' },
  },
  'duplicate-score': {
    sv: { sentence: () => 'samma person har två värden för samma ledare, program, instrument, mätning, dimension och bedömare.', fix: 'Ta bort dubbletten.' },
    en: { sentence: () => 'the same person has two scores for the same leader, programme, instrument, wave, dimension and rater.', fix: 'Remove the duplicate.' },
  },
  'duplicate-response': {
    sv: { sentence: () => 'samma person har svarat två gånger i samma program samma dag.', fix: 'Ta bort dubbletten.' },
    en: { sentence: () => 'the same person answered twice in the same programme on the same day.', fix: 'Remove the duplicate.' },
  },
  'invalid-instrument': {
    sv: { sentence: () => 'instrumentdefinitionen följer inte schemat.', fix: 'Rätta definitionen enligt docs/data-format.md.' },
    en: { sentence: () => 'the instrument definition breaks the schema.', fix: 'Correct the definition as docs/data-format.md describes.' },
  },
  'invalid-settings': {
    sv: { sentence: () => 'kundinställningarna följer inte schemat.', fix: 'Rätta inställningsfilen enligt docs/data-format.md.' },
    en: { sentence: () => 'the client settings break the schema.', fix: 'Correct the settings file as docs/data-format.md describes.' },
  },
  'commentary-too-long': {
    sv: { sentence: () => 'kommentaren är längre än vad rapporten rymmer.', fix: 'Korta kommentaren till högst 20 000 tecken.' },
    en: { sentence: () => 'the commentary is longer than the report can hold.', fix: 'Shorten the commentary to at most 20,000 characters.' },
  },
  'invalid-mapping': {
    sv: { sentence: () => 'mappningsfilen följer inte mappningsschemat.', fix: 'Rätta mappningsfilen enligt docs/data-format.md och ladda upp den igen.' },
    en: { sentence: () => 'the mapping file breaks the mapping schema.', fix: 'Correct the mapping file as docs/data-format.md describes and upload it again.' },
  },
  'invalid-program': {
    sv: { sentence: () => 'programbeskrivningen följer inte schemat för programbeskrivningar.', fix: 'Rätta programbeskrivningen enligt docs/data-format.md ("Programbeskrivningar") och ladda upp den igen.' },
    en: { sentence: () => 'the programme description breaks the programme description schema.', fix: 'Correct the programme description as docs/data-format.md ("Programme descriptions") describes and upload it again.' },
  },
  'ambiguous-mapping': {
    sv: { sentence: () => 'två mappningsfiler passar exporten, så det är oklart vilken som gäller.', fix: 'Ta bort eller ändra den ena mappningsfilen så att bara en passar.' },
    en: { sentence: () => 'two mapping files fit the export, so which one applies is unclear.', fix: 'Remove or change one of the mapping files so that only one fits.' },
  },
  'no-mapping': {
    sv: { sentence: () => 'exporten kommer från ett enkätverktyg som ingen mappningsfil passar.', fix: 'Rätta den bifogade föreslagna mappningsfilen och ladda upp den, och ladda sedan upp exporten igen.' },
    en: { sentence: () => 'the export comes from a survey tool no mapping file fits.', fix: 'Correct the attached proposed mapping file and upload it, then upload the export again.' },
  },
  'client-mismatch': {
    sv: { sentence: (f) => `kund-id ${q(f.value)} stämmer inte med mappen filen ligger i.`, fix: 'Ladda upp filen under rätt kund, eller rätta clientId i filen.' },
    en: { sentence: (f) => `the client id ${q(f.value)} does not match the folder the file is in.`, fix: 'Upload the file under the right client, or correct clientId in the file.' },
  },
  'duplicate-content': {
    sv: { sentence: () => 'filen har exakt samma innehåll som en fil som redan räknas.', fix: 'Ingen åtgärd behövs om det var en dubbel uppladdning.' },
    en: { sentence: () => 'the file has exactly the same content as a file already counted.', fix: 'Nothing to do if it was uploaded twice by mistake.' },
  },
  'key-layout': {
    sv: { sentence: () => 'filen ligger inte under <kund>/<år>/.', fix: 'Ladda upp filen under en kund och ett år.' },
    en: { sentence: () => 'the file is not under <client>/<year>/.', fix: 'Upload the file under a client and a year.' },
  },
};

const WHERE: Record<Locale, { line: string; column: string }> = { sv: { line: 'rad', column: 'kolumn' }, en: { line: 'line', column: 'column' } };

/** The rule's texts, or undefined for a rule this module does not know yet (the parser's English sentence is used then). */
export function ruleText(rule: string, locale: Locale): RuleText | undefined {
  return Object.hasOwn(RULE_MESSAGES, rule) ? RULE_MESSAGES[rule as keyof typeof RULE_MESSAGES][locale] : undefined;
}

/** A scale or range the parser's English sentence names ("outside 1–10", "runs 0–10"), in the locale's number format. */
function rangeIn(message: string, locale: Locale): string | undefined {
  const match = /(-?\d+(?:[.,]\d+)?)–(-?\d+(?:[.,]\d+)?)/.exec(message);
  if (!match) return undefined;
  const range = `${match[1]}–${match[2]}`;
  return locale === 'sv' ? range.replace(/\./g, ',') : range;
}

/** "reaktioner.csv rad 4, kolumn nöjdhet: 15 ligger utanför skalan 1–10." */
export function localizedProblem(problem: Problem, locale: Locale): string {
  const text = ruleText(problem.rule, locale);
  if (!text) return problem.message;
  const words = WHERE[locale];
  let where = problem.file;
  if (problem.line !== undefined) where += ` ${words.line} ${problem.line}`;
  if (problem.column !== undefined) where += `${problem.line !== undefined ? ',' : ''} ${words.column} ${problem.column}`;
  const value = problem.value !== undefined && locale === 'sv' && /^-?\d+\.\d+$/.test(problem.value) ? problem.value.replace('.', ',') : problem.value;
  const range = rangeIn(problem.message, locale);
  return `${where}: ${text.sentence({ ...(value !== undefined ? { value } : {}), ...(range !== undefined ? { range } : {}) })}`;
}
