import type { Dataset } from '../model/index.ts';
import { foldForComparison } from './suggest.ts';

/** Canonical column names, in the order the canonical formats list them. */
export const REACTION_FIELDS = ['respondent', 'program', 'date', 'satisfaction', 'usefulness', 'recommendation', 'comment'] as const;
export const ASSESSMENT_FIELDS = ['respondent', 'leader', 'program', 'instrument', 'wave', 'date', 'rater', 'dimension', 'item', 'score'] as const;
export type ReactionField = (typeof REACTION_FIELDS)[number];
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];
export type Field = ReactionField | AssessmentField;

export const REQUIRED_FIELDS: Record<Dataset, readonly Field[]> = {
  reaction: ['respondent', 'program', 'date', 'satisfaction', 'usefulness', 'recommendation'],
  assessment: ['program', 'instrument', 'wave', 'date', 'dimension', 'score'],
};
/** The wide layout carries dimensions as columns instead of dimension + score. */
export const REQUIRED_WIDE_FIELDS: readonly Field[] = ['program', 'instrument', 'wave', 'date'];
/**
 * An assessment needs respondent or leader, or both (columns.ts checks this before the required fields):
 * self-ratings name each person once, in either column; a row rated by others needs both, which is
 * checked per row (missing-respondent, missing-leader).
 */
export const PERSON_FIELDS: readonly Field[] = ['respondent', 'leader'];

/** Every accepted spelling per canonical column (docs/data-format.md lists the same). First = Swedish name. */
export const HEADER_ALIASES: Record<Field, readonly string[]> = {
  respondent: ['deltagare', 'respondent', 'respondent id', 'respondent nr', 'respondentnummer', 'deltagar id', 'deltagare id', 'deltagarnummer', 'id', 'participant', 'participant id'],
  // Who the score is about. These once aliased respondent; since 360 rows name both, they name the leader.
  leader: ['ledare', 'leader', 'bedömd', 'bedömd ledare', 'ratee', 'ledare id', 'leader id', 'ratee id', 'rated leader'],
  program: ['program', 'programme', 'program id', 'programme id', 'programkod', 'utbildning'],
  date: ['datum', 'date', 'svarsdatum', 'response date', 'mätdatum'],
  satisfaction: ['nöjdhet', 'satisfaction', 'nöjd'],
  usefulness: ['nytta', 'usefulness', 'användbarhet'],
  recommendation: ['rekommendation', 'recommendation', 'rekommendera', 'would recommend', 'nps'],
  comment: ['kommentar', 'comment', 'kommentarer', 'comments', 'fritext', 'övriga kommentarer'],
  instrument: ['instrument', 'instrument id', 'formulär'],
  wave: ['mätning', 'wave', 'våg', 'mättillfälle', 'tillfälle', 'tidpunkt'],
  rater: ['bedömare', 'rater', 'skattare', 'bedömargrupp', 'rater group'],
  dimension: ['dimension', 'dimension id', 'faktor', 'factor'],
  // Long item-level rows: the item (question) of an item-level instrument instead of its dimension.
  item: ['item', 'item id', 'fråga', 'påstående', 'question'],
  score: ['poäng', 'score', 'värde', 'value', 'medelvärde', 'mean'],
};

/** Columns that identify people by name or address: recognised and dropped, never returned. */
export const PERSONAL_DATA_HEADERS: readonly string[] = [
  'namn', 'name', 'förnamn', 'efternamn', 'fullständigt namn', 'full name', 'first name', 'last name', 'deltagarnamn', 'participant name',
  'e-post', 'epost', 'e-postadress', 'email', 'e-mail', 'email address', 'mail', 'mailadress', 'telefon', 'phone', 'mobil', 'mobile',
];

/** Case, whitespace and separator-insensitive form of a header or value as it is written. */
export function normaliseName(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s_\-.:]+/g, ' ').trim();
}

/** Matching key: also folds accents, so "Nojdhet" and "NÖJDHET" both find nöjdhet. */
export function headerKey(text: string): string {
  return foldForComparison(text);
}

const FIELD_BY_KEY: ReadonlyMap<string, Field> = new Map(
  (Object.entries(HEADER_ALIASES) as [Field, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((a) => [headerKey(a), field] as const)),
);
const PERSONAL_KEYS: ReadonlySet<string> = new Set(PERSONAL_DATA_HEADERS.map(headerKey));

export type HeaderMeaning = { kind: 'field'; field: Field } | { kind: 'personal' } | { kind: 'blank' } | { kind: 'other' };

export function interpretHeader(header: string): HeaderMeaning {
  const key = headerKey(header);
  if (key === '') return { kind: 'blank' };
  const field = FIELD_BY_KEY.get(key);
  if (field !== undefined) return { kind: 'field', field };
  if (PERSONAL_KEYS.has(key)) return { kind: 'personal' };
  return { kind: 'other' };
}

const REACTION_ONLY: ReadonlySet<Field> = new Set(['satisfaction', 'usefulness', 'recommendation', 'comment']);
const ASSESSMENT_ONLY: ReadonlySet<Field> = new Set(['instrument', 'wave', 'rater', 'dimension', 'item', 'score']);

/** Which dataset a header row describes: the one with more of its own columns present; undefined when unclear. */
export function detectDataset(fields: readonly Field[]): Dataset | undefined {
  const reaction = fields.filter((f) => REACTION_ONLY.has(f)).length;
  const assessment = fields.filter((f) => ASSESSMENT_ONLY.has(f)).length;
  if (reaction === assessment) return undefined;
  return reaction > assessment ? 'reaction' : 'assessment';
}

/** Names offered in "did you mean": canonical names and the Swedish names of the dataset's columns. */
export function suggestionNames(dataset: Dataset): string[] {
  const fields: readonly Field[] = dataset === 'reaction' ? REACTION_FIELDS : ASSESSMENT_FIELDS;
  return fields.flatMap((f) => {
    const swedish = HEADER_ALIASES[f][0];
    return swedish !== undefined && swedish !== f ? [f, swedish] : [f];
  });
}

export function fieldsOf(dataset: Dataset): readonly Field[] {
  return dataset === 'reaction' ? REACTION_FIELDS : ASSESSMENT_FIELDS;
}
