import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataFile, type ParseLimits, type ParseOutcome } from '../../../functions/core/parse/index.ts';
import { MAX_PROBLEMS_LISTED } from '../../../functions/core/model/index.ts';
import { builtInInstruments, FIXTURES } from './instruments.ts';

const instruments = builtInInstruments();

async function parseFixture(dir: string, name: string, limits?: Partial<ParseLimits>): Promise<ParseOutcome> {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, dir, name)));
  return parseDataFile({ fileName: name, bytes, instruments, ...(limits === undefined ? {} : { limits }) });
}

function sortedRows(outcome: ParseOutcome): string[] {
  if (!outcome.ok) throw new Error(`rejected: ${outcome.problems.map((p) => p.message).join('\n')}`);
  if (outcome.kind !== 'reaction' && outcome.kind !== 'assessment') throw new Error(`unexpected kind ${outcome.kind}`);
  return outcome.rows.map((r) => JSON.stringify(r)).sort();
}

const goodFiles = readdirSync(join(FIXTURES, 'good')).filter((f) => !f.startsWith('.'));
const reactionFiles = goodFiles.filter((f) => f.startsWith('reaktioner'));
const assessmentFiles = goodFiles.filter((f) => f.startsWith('bedomning'));
const ratingFiles = goodFiles.filter((f) => f.startsWith('360-'));

describe('good corpus: every variant gives the same rows', () => {
  it('has every variant on disk', () => {
    expect(reactionFiles).toEqual(expect.arrayContaining(['reaktioner.csv', 'reaktioner-excel-sv.csv', 'reaktioner-latin1.csv', 'reaktioner.xlsx', 'reaktioner.json']));
    expect(assessmentFiles).toEqual(
      expect.arrayContaining(['bedomning.csv', 'bedomning-excel-sv.csv', 'bedomning-latin1.csv', 'bedomning.xlsx', 'bedomning.json', 'bedomning-wide.csv', 'bedomning-wide.xlsx']),
    );
  });

  it('reads the canonical reaction CSV as the dataset it was written from', async () => {
    const outcome = await parseFixture('good', 'reaktioner.csv');
    expect(outcome.ok && outcome.kind).toBe('reaction');
    if (!outcome.ok || outcome.kind !== 'reaction') return;
    expect(outcome.rows).toHaveLength(12);
    expect(outcome.rows[0]).toEqual({
      respondent: 'R01', program: 'ledarskap-bas', date: '2025-05-14', satisfaction: 9, usefulness: 8, recommendation: 10,
      comment: 'Mycket givande, särskilt övningarna om återkoppling.',
    });
    expect(outcome.rows[1]).not.toHaveProperty('comment');
    // Embedded line break, quotes and semicolon survive; formula-looking text stays text.
    expect(outcome.rows[2]?.comment).toBe('Bra dag.\nMer sånt, gärna "på riktigt"; med fler fall!');
    expect(outcome.rows[3]?.comment).toBe('=SUMMA(A1:A3) var för mycket teori');
  });

  it('reads the canonical assessment CSV: 6 leaders × 2 waves × 3 dimensions', async () => {
    const outcome = await parseFixture('good', 'bedomning.csv');
    if (!outcome.ok || outcome.kind !== 'assessment') throw new Error('expected assessment rows');
    expect(outcome.rows).toHaveLength(36);
    expect(outcome.rows[0]).toEqual({ respondent: 'L01', leader: 'L01', program: 'ledarskap-bas', instrument: 'lead-forward', wave: 'pre', date: '2025-02-03', rater: 'self', dimension: 'tydlighet', score: 4.25 });
  });

  it('reads the canonical 360 CSV: who answered and whom each score is about', async () => {
    const outcome = await parseFixture('good', '360-bedomning.csv');
    if (!outcome.ok || outcome.kind !== 'assessment') throw new Error('expected assessment rows');
    expect(outcome.rows).toHaveLength(11 * 2 * 3);
    const pairs = new Set(outcome.rows.map((r) => `${r.respondent}→${r.leader} ${r.rater}`));
    expect([...pairs]).toEqual([
      'L01→L01 self', 'C01→L01 manager', 'L01-m1→L01 employee', 'L01-m2→L01 employee', 'K1→L01 peer',
      'L02→L02 self', 'C02→L02 manager', 'L02-m1→L02 employee', 'K1→L02 peer', 'C01→C01 self', 'C00→C01 manager',
    ]);
    expect(outcome.rows[6]).toEqual({ respondent: 'C01', leader: 'L01', program: 'ledarskap-bas', instrument: 'lead-forward', wave: 'pre', date: '2025-02-03', rater: 'manager', dimension: 'tydlighet', score: 3.5 });
  });

  it('reads each self-rating with its leader as its respondent', async () => {
    for (const name of ['bedomning.csv', '360-bedomning.csv']) {
      const outcome = await parseFixture('good', name);
      if (!outcome.ok || outcome.kind !== 'assessment') throw new Error('expected assessment rows');
      const selfRows = outcome.rows.filter((r) => r.rater === 'self');
      expect(selfRows.length).toBeGreaterThan(0);
      expect(selfRows.filter((r) => r.leader !== r.respondent)).toEqual([]);
    }
  });

  const reference = { reaction: parseFixture('good', 'reaktioner.csv'), assessment: parseFixture('good', 'bedomning.csv'), rating: parseFixture('good', '360-bedomning.csv') };

  it.each(reactionFiles)('%s equals reaktioner.csv', async (name) => {
    expect(sortedRows(await parseFixture('good', name))).toEqual(sortedRows(await reference.reaction));
  });

  it.each(assessmentFiles)('%s equals bedomning.csv', async (name) => {
    expect(sortedRows(await parseFixture('good', name))).toEqual(sortedRows(await reference.assessment));
  });

  it('has every 360 variant on disk', () => {
    expect(ratingFiles.sort()).toEqual(['360-bedomning-excel-sv.csv', '360-bedomning-wide.csv', '360-bedomning-wide.xlsx', '360-bedomning.csv', '360-bedomning.json', '360-bedomning.xlsx']);
  });

  it.each(ratingFiles)('%s equals 360-bedomning.csv (leader column under every alias and layout)', async (name) => {
    expect(sortedRows(await parseFixture('good', name))).toEqual(sortedRows(await reference.rating));
  });

  it('never returns name or e-mail columns', async () => {
    for (const name of ['reaktioner-excel-sv.csv', 'reaktioner-latin1.csv', 'reaktioner.xlsx']) {
      const text = JSON.stringify(await parseFixture('good', name));
      expect(text).not.toMatch(/Lindqvist|@example\.se/);
    }
  });
});

interface Expectation {
  rule: string;
  line?: number;
  column?: string;
  message?: string;
  limits?: Partial<ParseLimits>;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expectation>;

describe('broken corpus: each file gets its specific problem', () => {
  it('covers at least 20 distinct rules and every file on disk', () => {
    expect(new Set(Object.values(expected).map((e) => e.rule)).size).toBeGreaterThanOrEqual(20);
    expect(readdirSync(join(FIXTURES, 'broken')).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s → %o', async (name, expectation) => {
    const outcome = await parseFixture('broken', name, expectation.limits);
    if (outcome.ok) throw new Error(`${name} was accepted`);
    expect(outcome.totalProblems).toBeGreaterThanOrEqual(1);
    expect(outcome.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_LISTED);
    // One rule per file: nothing else may be wrong with it.
    expect(outcome.problems.map((p) => p.rule)).toEqual(outcome.problems.map(() => expectation.rule));
    const [first] = outcome.problems;
    expect(first).toMatchObject({ file: name, rule: expectation.rule });
    expect(first?.line).toBe(expectation.line);
    expect(first?.column).toBe(expectation.column);
    expect(first?.message.startsWith(name)).toBe(true);
    if (expectation.message !== undefined) expect(first?.message).toContain(expectation.message);
  });
});
