/**
 * A proposed mapping for an export no mapping fits: complete and valid, for the consultant to check
 * (above all programme and wave), correct and upload.
 *
 * Each header is matched, in this order, to: survey tools' known metadata columns (→ ignore, or the
 * response time → date); Effekt's own header aliases (exact, as the canonical reader folds them); the
 * item labels of item-level instruments and the question wordings of the reaction ratings, by the
 * Sørensen–Dice coefficient on character bigrams of the folded texts (Dice 1945; the measure of the
 * `string-similarity` package), accepted at DICE_THRESHOLD or above. Headers that match nothing are
 * ignored (the proposal must read). Answer labels of known Swedish and English scales become numbers;
 * wave answers ("Före programmet") become pre/post. Constants come from the file name: före/efter →
 * wave, the remaining words → a programme id to check.
 */
import { mappingHeaderKey, type InstrumentDefinition, type Mapping } from '../../model/index.ts';
import { HEADER_ALIASES, interpretHeader, type Field } from '../headers.ts';
import { foldForComparison } from '../suggest.ts';
import { cellText, isBlankRow, type Table } from '../table.ts';
import { parseNumber, parseWave } from '../values.ts';

export interface ProposedMapping {
  /** `<export name without extension>.mapping.json` */
  fileName: string;
  mapping: Mapping;
  /** The mapping as the file to upload (pretty-printed JSON). */
  json: string;
}

/** Similarity at or above which a question text is taken to be an item label or rating question. */
export const DICE_THRESHOLD = 0.8;

/** Columns survey tools add to every export (folded), and which of them is the response time. */
const TOOL_METADATA = new Set(
  [
    'id', 'starttid', 'start time', 'sluttid', 'completion time', 'senast ändrad', 'last modified time', 'tid för senaste ändring',
    'tidstämpel', 'tidsstämpel', 'timestamp', 'collector id', 'start date', 'end date', 'ip address', 'ip-adress', 'respondent id',
    'email address', 'e-postadress', 'e-post', 'email', 'namn', 'name', 'first name', 'last name', 'custom data 1', 'poäng', 'total score',
    'response id', 'svars-id', 'svarsid', 'status', 'språk', 'language', 'svarstid', 'response time', 'inskickad', 'submitted',
    'startad', 'started', 'avslutad', 'completed', 'tid för slutförande',
  ].map(foldForComparison),
);
const RESPONSE_TIME = new Set(['sluttid', 'tid för slutförande', 'avslutad', 'completed', 'completion time', 'tidstämpel', 'tidsstämpel', 'timestamp', 'end date', 'inskickad', 'submitted'].map(foldForComparison));
const EMAIL = new Set(['e-post', 'email', 'email address', 'e-postadress', 'epost', 'e-mail'].map(foldForComparison));
const RESPONSE_ID = new Set(['id', 'respondent id', 'response id', 'svars-id', 'svarsid'].map(foldForComparison));

/** How survey questions word the reaction ratings, besides the header aliases. */
const QUESTION_WORDS: Partial<Record<Field, readonly string[]>> = {
  satisfaction: ['hur nöjd är du med programmet som helhet', 'how satisfied are you with the programme overall', 'how satisfied are you with the program overall', 'nöjd', 'satisfied'],
  usefulness: ['hur användbart är innehållet i ditt arbete', 'how useful is the content for your work', 'användbar', 'useful'],
  recommendation: ['hur troligt är det att du skulle rekommendera programmet till en kollega', 'how likely are you to recommend the programme to a colleague', 'how likely are you to recommend the program to a colleague', 'rekommendera', 'recommend'],
  comment: ['övriga kommentarer', 'other comments', 'kommentar', 'comment'],
  wave: ['före eller efter programmet', 'before or after the programme', 'before or after the program', 'före eller efter', 'before or after'],
};

/** Answer scales survey tools label in words (folded label → number). */
const LABEL_SCALES: readonly (readonly string[])[] = [
  ['aldrig', 'sällan', 'ibland', 'ofta', 'alltid'],
  ['never', 'rarely', 'sometimes', 'often', 'always'],
  ['stämmer inte alls', 'stämmer ganska dåligt', 'stämmer delvis', 'stämmer ganska bra', 'stämmer helt'],
  ['stämmer inte alls', 'stämmer dåligt', 'stämmer delvis', 'stämmer bra', 'stämmer helt'],
  ['instämmer inte alls', 'instämmer inte', 'varken eller', 'instämmer', 'instämmer helt'],
  ['strongly disagree', 'disagree', 'neither agree nor disagree', 'agree', 'strongly agree'],
];

/** Character bigrams of the folded text (spaces kept as word boundaries), as a multiset. */
function bigrams(text: string): Map<string, number> {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const counts = new Map<string, number>();
  for (let i = 0; i < folded.length - 1; i++) {
    const pair = folded.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient on character bigrams: 2·|A ∩ B| / (|A| + |B|), 0–1. */
export function diceSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let sizeX = 0;
  let sizeY = 0;
  let shared = 0;
  for (const count of x.values()) sizeX += count;
  for (const [pair, count] of y) {
    sizeY += count;
    shared += Math.min(count, x.get(pair) ?? 0);
  }
  return sizeX + sizeY === 0 ? 0 : (2 * shared) / (sizeX + sizeY);
}

/** Distinct non-empty answers per column from the first rows (enough to see a scale). */
function sampleAnswers(table: Table, limit = 500): string[][] {
  const answers = table.headers.map(() => new Set<string>());
  let seen = 0;
  for (const row of table.rows) {
    if (isBlankRow(row.cells)) continue;
    row.cells.forEach((cell, i) => {
      const text = cellText(cell);
      const set = answers[i];
      if (text !== '' && set !== undefined && set.size < 50) set.add(text);
    });
    if (++seen >= limit) break;
  }
  return answers.map((set) => [...set]);
}

/**
 * An export of a survey tool rather than a hand-made file with a misspelt column: some header Effekt does
 * not know is a question (a question mark, or long enough to be a sentence) or a survey tool's own column.
 */
export function looksLikeExport(headers: readonly string[]): boolean {
  return headers.some((raw) => {
    const header = mappingHeaderKey(raw);
    if (header === '' || interpretHeader(header).kind !== 'other') return false;
    return header.includes('?') || header.length >= 25 || TOOL_METADATA.has(foldForComparison(header));
  });
}

interface Candidate {
  target: string;
  score: number;
}

export function proposeMapping(fileName: string, table: Table, instruments: ReadonlyMap<string, InstrumentDefinition>): ProposedMapping | undefined {
  const headers = table.headers.map((h) => mappingHeaderKey(h));
  if (headers.every((h) => h === '')) return undefined;
  const answers = sampleAnswers(table);
  const columns: Record<string, string> = {};
  const ignore: string[] = [];
  const values: Record<string, Record<string, number | string>> = {};
  const taken = new Map<string, number>();
  const itemInstrument = new Map<string, number>();
  const emailColumns: number[] = [];
  const idColumns: number[] = [];
  const timeColumns: number[] = [];

  const itemLabels = [...instruments.values()].flatMap((instrument) =>
    (instrument.items ?? []).flatMap((item) => [item.label.sv, item.label.en].map((label) => ({ instrument: instrument.id, item: item.id, label }))),
  );

  const choices: (Candidate | undefined)[] = headers.map((header, index) => {
    if (header === '') return undefined;
    const folded = foldForComparison(header);
    if (EMAIL.has(folded)) emailColumns.push(index);
    if (RESPONSE_ID.has(folded)) idColumns.push(index);
    if (RESPONSE_TIME.has(folded)) timeColumns.push(index);
    if (TOOL_METADATA.has(folded)) return undefined;
    const meaning = interpretHeader(header);
    if (meaning.kind === 'field') return { target: meaning.field, score: 1 };
    let best: Candidate | undefined;
    // A matrix question's row comes after the question ("Question - Statement", SurveyMonkey).
    const statement = header.includes(' - ') ? header.slice(header.lastIndexOf(' - ') + 3) : header;
    for (const { instrument, item, label } of itemLabels) {
      const score = Math.max(diceSimilarity(header, label), diceSimilarity(statement, label));
      if (score >= DICE_THRESHOLD && (best === undefined || score > best.score)) best = { target: `${instrument}\u0000${item}`, score };
    }
    for (const [field, phrases] of Object.entries(QUESTION_WORDS) as [Field, readonly string[]][]) {
      for (const phrase of [...phrases, ...HEADER_ALIASES[field]]) {
        const words = foldForComparison(phrase);
        const contained = words.length >= 6 && folded.includes(words) ? 0.85 : 0;
        const score = Math.max(diceSimilarity(header, phrase), contained);
        if (score >= DICE_THRESHOLD && (best === undefined || score > best.score)) best = { target: field, score };
      }
    }
    return best;
  });

  // Each target once: the best-matching header keeps it.
  choices.forEach((choice, index) => {
    if (choice === undefined) return;
    const previous = taken.get(choice.target);
    if (previous === undefined || (choices[previous]?.score ?? 0) < choice.score) taken.set(choice.target, index);
  });

  const hasField = (field: string) => taken.has(field);
  const reaction = hasField('satisfaction') || hasField('usefulness') || hasField('recommendation');
  for (const [target, index] of taken) {
    const header = table.headers[index]?.trim() ?? '';
    const [instrument, item] = target.split('\u0000');
    const name = item ?? (instrument as string);
    if (item !== undefined) itemInstrument.set(instrument as string, (itemInstrument.get(instrument as string) ?? 0) + 1);
    if (reaction && item !== undefined) continue;
    columns[header] = name;
    const labels = labelValues(name, answers[index] ?? []);
    if (labels !== undefined) values[name] = labels;
  }
  // Who answered: a respondent column if there is one, else e-mail addresses, else the tool's response number.
  if (!hasField('respondent') && !hasField('leader')) {
    const email = emailColumns.find((i) => (answers[i] ?? []).some((a) => a.includes('@')));
    const id = idColumns[0];
    const person = email ?? id;
    if (person !== undefined) columns[table.headers[person]?.trim() ?? ''] = 'respondent';
  }
  if (!hasField('date') && timeColumns.length > 0) columns[table.headers[timeColumns[0] as number]?.trim() ?? ''] = 'date';
  const mapped = new Set(Object.keys(columns).map(mappingHeaderKey));
  for (const raw of table.headers) {
    const header = raw.trim();
    if (header === '' || mapped.has(mappingHeaderKey(header))) continue;
    if (interpretHeader(header).kind === 'personal' && !TOOL_METADATA.has(foldForComparison(header))) continue;
    ignore.push(header);
  }

  const constants: NonNullable<Mapping['constants']> = {};
  const guessed = guessFromFileName(fileName);
  if (!hasField('program')) constants.program = guessed.program;
  if (!reaction) {
    const instrument = [...itemInstrument.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (instrument !== undefined && !hasField('instrument')) constants.instrument = instrument;
    if (!hasField('wave') && guessed.wave !== undefined) constants.wave = guessed.wave;
    if (!hasField('wave') && guessed.wave === undefined) constants.wave = 'pre';
  }

  const mapping: Mapping = {
    dataset: reaction ? 'reaction' : 'assessment',
    columns,
    ...(ignore.length > 0 ? { ignore } : {}),
    ...(Object.keys(constants).length > 0 ? { constants } : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
  };
  const base = (fileName.split('/').pop() ?? fileName).replace(/\.[^.]+$/, '');
  return { fileName: `${base}.mapping.json`, mapping, json: `${JSON.stringify(mapping, null, 2)}\n` };
}

/** Numbers for answers written in words: a known scale, a wave ("Före programmet"), or "4 - Ofta" with its number first. */
function labelValues(target: string, answers: readonly string[]): Record<string, number | string> | undefined {
  const words = answers.filter((a) => parseNumber(a) === undefined);
  if (words.length === 0) return undefined;
  if (target === 'wave') {
    const out: Record<string, string> = {};
    for (const answer of words) {
      const wave = parseWave(answer) ?? answer.split(/[\s,]+/).map((w) => parseWave(w)).find((w) => w !== undefined);
      if (wave !== undefined) out[answer] = wave;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (target === 'comment' || target === 'respondent' || target === 'leader' || target === 'program' || target === 'date') return undefined;
  const out: Record<string, number> = {};
  const folded = words.map((w) => ({ answer: w, key: foldForComparison(w) }));
  const scale = LABEL_SCALES.find((labels) => folded.every(({ key }) => labels.some((l) => foldForComparison(l) === key)));
  if (scale !== undefined) {
    // The whole scale, also the points nobody chose in this export: the next export may have them.
    const capitalised = /^\p{Lu}/u.test(words[0] ?? '');
    scale.forEach((label, position) => {
      const written = folded.find(({ key }) => key === foldForComparison(label))?.answer ?? (capitalised ? label.charAt(0).toUpperCase() + label.slice(1) : label);
      out[written] = position + 1;
    });
    return out;
  }
  for (const { answer } of folded) {
    const leading = /^(\d+)\s*[-–:.]/.exec(answer.trim());
    if (leading) out[answer] = Number(leading[1]);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** före/efter (pre/post) and a programme id from the export's name: "Ledarskap Bas före (Google Forms).csv" → ledarskap-bas, pre. */
export function guessFromFileName(fileName: string): { program: string; wave?: 'pre' | 'post' } {
  const base = (fileName.split('/').pop() ?? fileName).replace(/\.[^.]+$/, '');
  const words = base
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  let wave: 'pre' | 'post' | undefined;
  const toolWords = new Set(['forms', 'form', 'google', 'microsoft', 'ms', 'surveymonkey', 'netigate', 'esmaker', 'export', 'svar', 'responses', 'data', 'enkät', 'survey', 'results', 'resultat', 'reaktion', 'reaktioner', 'bedömning', 'självskattning', 'utvärdering', 'evaluation', 'self', 'assessment',
    // Months say when, not which programme.
    'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
    'january', 'february', 'march', 'may', 'june', 'july', 'august', 'october']);
  const kept: string[] = [];
  for (const word of words) {
    const asWave = parseWave(word);
    if (asWave !== undefined) {
      wave ??= asWave;
      continue;
    }
    if (toolWords.has(word) || /^\d{4}$/.test(word)) continue;
    kept.push(word);
  }
  const program =
    kept
      .join('-')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9-]/g, '') || 'program';
  return wave === undefined ? { program } : { program, wave };
}
