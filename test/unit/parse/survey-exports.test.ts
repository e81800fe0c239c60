/**
 * Survey-tool exports read through mapping files (issue 21): the Google Forms self-assessment gives the
 * figures an independent SciPy computation gives (test/fixtures/metrics/google-forms-items.py), the same
 * export without a mapping is refused by name with a proposed mapping, and a Microsoft Forms reaction
 * export gives the figures of the canonical file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import { mappingSchema, type InstrumentDefinition, type NamedMapping } from '../../../functions/core/model/index.ts';
import { parseDataFile, type ParseOutcome } from '../../../functions/core/parse/index.ts';
import { metricsInput } from '../metrics/fixtures.ts';
import { builtInInstruments, FIXTURES } from './instruments.ts';

const SURVEY = join(FIXTURES, 'survey');
const reference = JSON.parse(readFileSync(join(FIXTURES, '..', 'metrics', 'google-forms-items.json'), 'utf8')) as {
  change: { dimension: string; pairs: number; unmatchedPre: number; preMean: number; postMean: number; preSd: number; postSd: number; meanDiff: number; t: number; df: number; p: number; dav: number; gav: number }[];
  reliability: { dimension: string; alpha: number; ci95: [number, number]; n: number; items: number }[];
  incompleteResponses: { dimension: string; responses: number }[];
};

async function parse(path: string, instruments: ReadonlyMap<string, InstrumentDefinition>, mappings: NamedMapping[] = []): Promise<ParseOutcome> {
  return parseDataFile({ fileName: path.split('/').pop() as string, bytes: readFileSync(join(SURVEY, path)), instruments, mappings });
}

async function instrumentsWithItems(): Promise<Map<string, InstrumentDefinition>> {
  const parsed = await parse('ledarskapsindex.instrument.json', builtInInstruments());
  if (!parsed.ok || parsed.kind !== 'instrument') throw new Error(`instrument refused: ${JSON.stringify(parsed)}`);
  return new Map([...builtInInstruments(), [parsed.instrument.id, parsed.instrument]]);
}

async function mappingFile(path: string, instruments: ReadonlyMap<string, InstrumentDefinition>): Promise<NamedMapping> {
  const parsed = await parse(path, instruments);
  if (!parsed.ok || parsed.kind !== 'mapping') throw new Error(`mapping refused: ${JSON.stringify(parsed)}`);
  return { fileName: path.split('/').pop() as string, mapping: parsed.mapping };
}

describe('Google Forms self-assessment with its mapping', async () => {
  const instruments = await instrumentsWithItems();
  const mapping = await mappingFile('google-forms-sv/ledarskap-bas.mapping.json', instruments);
  const parsed = await parse('google-forms-sv/Ledarskap Bas självskattning (svar).csv', instruments, [mapping]);

  it('is read through the mapping into item rows', () => {
    expect(parsed.ok, JSON.stringify(parsed).slice(0, 2000)).toBe(true);
    if (!parsed.ok || parsed.kind !== 'assessment') return;
    expect(parsed.mapping).toBe('ledarskap-bas.mapping.json');
    expect(parsed.rows.every((r) => r.item !== undefined && r.program === 'ledarskap-bas' && r.instrument === 'ledarskapsindex' && r.rater === 'self')).toBe(true);
    // E-mail ids are trimmed and case-folded: one person across waves.
    expect(parsed.rows.every((r) => r.respondent === r.respondent.trim().toLowerCase())).toBe(true);
    expect(new Set(parsed.rows.map((r) => r.date))).toEqual(new Set(['2025-02-03', '2025-06-09']));
  });

  it('gives the leader pairs, means, t, g_av, alpha and its Feldt interval of the independent computation (1e-4)', () => {
    if (!parsed.ok || parsed.kind !== 'assessment') throw new Error('not read');
    const doc = computeMetrics(metricsInput({ assessments: parsed.rows, reactions: [], instruments: [...instruments.values()].filter((i) => i.id === 'ledarskapsindex') }));
    for (const expected of reference.change) {
      const entry = doc.change.find((e) => e.dimension === expected.dimension && e.rater === 'self');
      expect(entry, expected.dimension).toBeDefined();
      if (!entry) continue;
      expect(entry.pairs).toBe(expected.pairs);
      expect(entry.unmatchedPre).toBe(expected.unmatchedPre);
      expect(entry.df).toBe(expected.df);
      for (const key of ['preMean', 'postMean', 'preSd', 'postSd', 'meanDiff', 't', 'p', 'dav', 'gav'] as const) {
        expect(entry[key], `${expected.dimension} ${key}`).toBeCloseTo(expected[key], 4);
      }
      // No published reliability: the reliable change index uses the alpha measured on the data.
      expect(entry.reliablyImproved).toBeDefined();
    }
    expect(doc.reliability?.length).toBe(reference.reliability.length);
    for (const expected of reference.reliability) {
      const entry = doc.reliability?.find((r) => r.dimension === expected.dimension);
      expect(entry, expected.dimension).toMatchObject({ instrument: 'ledarskapsindex', n: expected.n, items: expected.items });
      expect(entry?.alpha).toBeCloseTo(expected.alpha, 4);
      expect(entry?.ci95?.[0]).toBeCloseTo(expected.ci95[0], 4);
      expect(entry?.ci95?.[1]).toBeCloseTo(expected.ci95[1], 4);
    }
    for (const expected of reference.incompleteResponses.filter((i) => i.responses > 0)) {
      expect(doc.incompleteResponses).toContainEqual({ instrument: 'ledarskapsindex', dimension: expected.dimension, responses: expected.responses });
    }
  });

  it('reads the English export with its mapping the same way', async () => {
    const english = await mappingFile('google-forms-en/leadership-basics.mapping.json', instruments);
    const outcome = await parse('google-forms-en/Leadership Basics self-assessment (Responses).csv', instruments, [english, mapping]);
    expect(outcome.ok, JSON.stringify(outcome).slice(0, 2000)).toBe(true);
    if (outcome.ok) expect(outcome.kind === 'assessment' && outcome.mapping).toBe('leadership-basics.mapping.json');
  });
});

describe('an export no mapping fits', async () => {
  const instruments = await instrumentsWithItems();

  it('is refused by name, with a complete and valid proposed mapping that reads it once checked', async () => {
    const parsed = await parse('google-forms-sv/Ledarskap Bas självskattning (svar).csv', instruments);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]?.rule).toBe('no-mapping');
    expect(parsed.problems[0]?.message).toContain('Ledarskap Bas självskattning (svar).csv');
    const proposal = parsed.proposedMapping;
    expect(proposal?.fileName).toBe('Ledarskap Bas självskattning (svar).mapping.json');
    if (!proposal) return;
    const mapping = mappingSchema.parse(JSON.parse(proposal.json));
    expect(mapping.dataset).toBe('assessment');
    expect(mapping.constants?.instrument).toBe('ledarskapsindex');
    expect(mapping.columns['E-postadress']).toBe('respondent');
    expect(mapping.columns['Tidstämpel']).toBe('date');
    expect(mapping.columns['Är detta före eller efter programmet?']).toBe('wave');
    expect(mapping.values?.wave).toEqual({ 'Före programmet': 'pre', 'Efter programmet': 'post' });
    expect(mapping.values?.['til-2']).toMatchObject({ Ofta: 4, Aldrig: 1 });
    // Where a human must decide: the programme (guessed from the file name).
    expect(mapping.constants?.program).toBe('ledarskap-bas');
    const reread = await parse('google-forms-sv/Ledarskap Bas självskattning (svar).csv', instruments, [{ fileName: proposal.fileName, mapping }]);
    expect(reread.ok, JSON.stringify(reread).slice(0, 1500)).toBe(true);
  });

  it('refuses a file that two mappings fit, naming both', async () => {
    const mapping = await mappingFile('google-forms-sv/ledarskap-bas.mapping.json', instruments);
    const parsed = await parse('google-forms-sv/Ledarskap Bas självskattning (svar).csv', instruments, [mapping, { ...mapping, fileName: 'kopia.mapping.json' }]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]?.rule).toBe('ambiguous-mapping');
    expect(parsed.problems[0]?.message).toContain('kopia.mapping.json and ledarskap-bas.mapping.json');
  });
});

describe('Microsoft Forms reaction export (XLSX, date cells, anonymous e-mail, no programme column)', async () => {
  const instruments = builtInInstruments();
  const canonical = await parse('ms-forms-canonical-reaktioner.csv', instruments);

  for (const [path, mappingPath] of [
    ['ms-forms-sv/Utvärdering Ledarskap Bas maj.xlsx', 'ms-forms-sv/utvardering-ledarskap-bas.mapping.json'],
    ['ms-forms-en/Evaluation Leadership Basics May.xlsx', 'ms-forms-en/evaluation-leadership-basics.mapping.json'],
  ] as const) {
    it(`gives the reaction figures of the canonical file: ${path}`, async () => {
      const mapping = await mappingFile(mappingPath, instruments);
      const parsed = await parse(path, instruments, [mapping]);
      expect(parsed.ok, JSON.stringify(parsed).slice(0, 1500)).toBe(true);
      if (!parsed.ok || parsed.kind !== 'reaction' || !canonical.ok || canonical.kind !== 'reaction') throw new Error('not read');
      const fromExport = computeMetrics(metricsInput({ reactions: parsed.rows, assessments: [] }));
      const fromCanonical = computeMetrics(metricsInput({ reactions: canonical.rows, assessments: [] }));
      expect(fromExport.reaction).toEqual(fromCanonical.reaction);
      expect(fromExport.period).toEqual(fromCanonical.period);
    });
  }
});

describe('proposed mappings for each survey tool read the export once a human has checked programme and wave', async () => {
  const instruments = await instrumentsWithItems();

  async function proposalFor(path: string) {
    const refused = await parse(path, instruments);
    if (refused.ok) throw new Error(`${path} was read without a mapping`);
    expect(refused.problems[0]?.rule).toBe('no-mapping');
    const proposal = refused.proposedMapping;
    if (!proposal) throw new Error(`${path}: no proposal`);
    return { name: proposal.fileName, mapping: mappingSchema.parse(JSON.parse(proposal.json)) };
  }

  it('Google Forms, English interface', async () => {
    const { name, mapping } = await proposalFor('google-forms-en/Leadership Basics self-assessment (Responses).csv');
    expect(mapping.columns).toMatchObject({ 'Email address': 'respondent', Timestamp: 'date', 'Is this before or after the programme?': 'wave', 'How often do you delegate decisions to your employees?': 'til-2' });
    expect(mapping.values?.['til-2']).toMatchObject({ Often: 4, Never: 1 });
    mapping.constants = { ...mapping.constants, program: 'leadership-basics' };
    const outcome = await parse('google-forms-en/Leadership Basics self-assessment (Responses).csv', instruments, [{ fileName: name, mapping }]);
    expect(outcome.ok, JSON.stringify(outcome).slice(0, 1500)).toBe(true);
  });

  for (const path of ['ms-forms-sv/Utvärdering Ledarskap Bas maj.xlsx', 'ms-forms-en/Evaluation Leadership Basics May.xlsx']) {
    it(`Microsoft Forms: ${path}`, async () => {
      const { name, mapping } = await proposalFor(path);
      expect(mapping.dataset).toBe('reaction');
      // "anonymous" in the e-mail column: the response number is the respondent.
      expect(mapping.columns.ID).toBe('respondent');
      expect(Object.values(mapping.columns).sort()).toEqual(['comment', 'date', 'recommendation', 'respondent', 'satisfaction', 'usefulness']);
      mapping.constants = { program: 'ledarskap-bas' };
      const outcome = await parse(path, instruments, [{ fileName: name, mapping }]);
      expect(outcome.ok, JSON.stringify(outcome).slice(0, 1500)).toBe(true);
      if (outcome.ok && outcome.kind === 'reaction') expect(outcome.rows).toHaveLength(12);
    });
  }

  for (const path of ['surveymonkey/Ledarskap Bas före - SurveyMonkey.csv', 'surveymonkey/Ledarskap Bas före - SurveyMonkey.xlsx']) {
    it(`SurveyMonkey, two header rows: ${path}`, async () => {
      const { name, mapping } = await proposalFor(path);
      expect(mapping.dataset).toBe('assessment');
      expect(mapping.constants).toMatchObject({ program: 'ledarskap-bas', wave: 'pre', instrument: 'ledarskapsindex' });
      expect(mapping.columns['Email Address']).toBe('respondent');
      expect(mapping.columns['Hur väl stämmer följande påståenden in på dig som ledare? - Mina medarbetare är osäkra på vad som är viktigast']).toBe('tyd-3');
      expect(mapping.values?.['tyd-3']).toMatchObject({ 'Stämmer helt': 5, 'Stämmer inte alls': 1 });
      const outcome = await parse(path, instruments, [{ fileName: name, mapping }]);
      expect(outcome.ok, JSON.stringify(outcome).slice(0, 1500)).toBe(true);
      if (!outcome.ok || outcome.kind !== 'assessment') return;
      // 8 leaders × 6 items, every one answered; dates month first as SurveyMonkey writes them.
      expect(outcome.rows).toHaveLength(48);
      expect(new Set(outcome.rows.map((r) => r.date))).toEqual(new Set(['2025-02-03', '2025-02-04', '2025-02-05']));
    });
  }

  it('a Netigate/Esmaker-style single header row (semicolons, "10 - Mycket troligt")', async () => {
    const path = 'netigate/Utvärdering ledarskap-bas maj (Netigate).csv';
    const { name, mapping } = await proposalFor(path);
    expect(mapping).toMatchObject({ dataset: 'reaction', constants: { program: 'ledarskap-bas' } });
    expect(mapping.columns).toMatchObject({ 'Svars-ID': 'respondent', Avslutad: 'date' });
    const outcome = await parse(path, instruments, [{ fileName: name, mapping }]);
    expect(outcome.ok, JSON.stringify(outcome).slice(0, 1500)).toBe(true);
    const canonical = await parse('ms-forms-canonical-reaktioner.csv', instruments);
    if (!outcome.ok || outcome.kind !== 'reaction' || !canonical.ok || canonical.kind !== 'reaction') throw new Error('not read');
    expect(computeMetrics(metricsInput({ reactions: outcome.rows, assessments: [] })).reaction).toEqual(computeMetrics(metricsInput({ reactions: canonical.rows, assessments: [] })).reaction);
  });
});
