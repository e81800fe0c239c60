import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsInput } from '../../../functions/core/metrics/index.ts';
import { RATERS, type AssessmentRow, type MetricsDocument, type ReactionRow, type Wave } from '../../../functions/core/model/index.ts';
import { fullRange, knowledgeTest, leadForward, metricsInput, settings, teamPro } from './fixtures.ts';

const INSTRUMENTS = [knowledgeTest, leadForward, fullRange, teamPro];
const PROGRAMS = ['ledare-a', 'ledare-b', 'ledare-c'];
const leader = fc.integer({ min: 1, max: 9 }).map((i) => `l${i}`);
const date = fc.integer({ min: 1, max: 28 }).map((d) => `2025-03-${String(d).padStart(2, '0')}`);

/** A block of rows for one programme, instrument, dimension and rater: mostly complete pairs, some single waves. */
const assessmentBlock: fc.Arbitrary<AssessmentRow[]> = fc
  .record({
    program: fc.constantFrom(...PROGRAMS),
    instrumentIndex: fc.nat({ max: INSTRUMENTS.length - 1 }),
    dimensionIndex: fc.nat({ max: 5 }),
    rater: fc.constantFrom(...RATERS),
    date,
    people: fc.array(
      fc.record({ leader, raterNumber: fc.integer({ min: 1, max: 3 }), waves: fc.constantFrom<readonly Wave[]>(['pre', 'post'], ['pre', 'post'], ['pre', 'post'], ['pre'], ['post']), steps: fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 400 })) }),
      { maxLength: 9 },
    ),
  })
  .map(({ program, instrumentIndex, dimensionIndex, rater, date, people }) => {
    const instrument = INSTRUMENTS[instrumentIndex] ?? knowledgeTest;
    const dimension = instrument.dimensions[dimensionIndex % instrument.dimensions.length]?.id ?? '';
    const range = (instrument.scale.max - instrument.scale.min) * 4;
    // Raters other than self are nested in the leader they rate.
    return people.flatMap(({ leader, raterNumber, waves, steps }) =>
      waves.map((wave, i) => ({
        respondent: rater === 'self' ? leader : `${leader}-${rater}${raterNumber}`,
        leader,
        program,
        instrument: instrument.id,
        wave,
        date,
        rater,
        dimension,
        score: instrument.scale.min + ((steps[i] ?? 0) % (range + 1)) / 4,
      })),
    );
  });

const reactionRow: fc.Arbitrary<ReactionRow> = fc.record(
  {
    respondent: fc.integer({ min: 1, max: 30 }).map((i) => `p${i}`),
    program: fc.constantFrom(...PROGRAMS),
    date,
    satisfaction: fc.integer({ min: 1, max: 10 }),
    usefulness: fc.integer({ min: 1, max: 10 }),
    recommendation: fc.integer({ min: 0, max: 10 }),
    comment: fc.constantFrom('Bra', 'Ring 070-123 45 67', 'x@y.se', ' ', 'Lärorikt'),
  },
  { requiredKeys: ['respondent', 'program', 'date', 'satisfaction', 'usefulness', 'recommendation'] },
);

const metricsInputArbitrary: fc.Arbitrary<MetricsInput> = fc
  .record({
    assessments: fc.array(assessmentBlock, { maxLength: 8 }).map((blocks) => blocks.flat()),
    reactions: fc.array(reactionRow, { maxLength: 25 }),
    minGroupSize: fc.integer({ min: 3, max: 8 }),
    minRaterGroupSize: fc.integer({ min: 3, max: 6 }),
  })
  .map(({ assessments, reactions, minGroupSize, minRaterGroupSize }) =>
    metricsInput({ assessments, reactions, settings: { ...settings, minGroupSize, minRaterGroupSize } }),
  );

/** Keys a suppressed object may carry: identifiers, flags and counts. */
const SUPPRESSED_KEYS = new Set([
  'program', 'instrument', 'level', 'dimension', 'rater', 'suppressed', 'descriptiveOnly', 'npsScale', 'scale',
  'satisfaction', 'usefulness', 'recommendation', 'comments', 'byProgram',
  'n', 'responses', 'pairs', 'raters', 'unmatchedPre', 'unmatchedPost', 'minGroupSize', 'minRaters', 'suppressedReason',
  'invited', 'responseRate',
]);
const COUNT_KEYS = new Set(['n', 'responses', 'pairs', 'raters', 'unmatchedPre', 'unmatchedPost', 'minGroupSize', 'minRaters', 'invited', 'responseRate']);

function assertNoLeak(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoLeak(item, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (record.suppressed === true) {
    for (const [key, field] of Object.entries(record)) {
      if (!SUPPRESSED_KEYS.has(key)) throw new Error(`${path}.${key} is a figure on a suppressed object`);
      if (typeof field === 'number' && !COUNT_KEYS.has(key)) throw new Error(`${path}.${key} is a number on a suppressed object`);
      if (key === 'comments' && (field as unknown[]).length > 0) throw new Error(`${path}.comments leak from a suppressed group`);
    }
  }
  for (const [key, field] of Object.entries(record)) assertNoLeak(field, `${path}.${key}`);
}

function assertThresholds(doc: MetricsDocument): void {
  const { minGroupSize, minRaterGroupSize } = doc.settings;
  for (const e of doc.change) {
    expect(e.minGroupSize).toBe(minGroupSize);
    const tooFew = e.pairs < minGroupSize || (e.rater !== 'self' && e.raters < minRaterGroupSize);
    expect(e.suppressed).toBe(tooFew || e.suppressedReason === 'version-difference');
    if (!e.suppressed) expect(e.pairs).toBeGreaterThanOrEqual(minGroupSize);
  }
  const reaction = doc.reaction;
  if (!reaction) return;
  for (const group of [reaction, ...reaction.byProgram]) if (!group.suppressed) expect(group.responses).toBeGreaterThanOrEqual(minGroupSize);
  if (!reaction.suppressed) {
    // What can be worked out by difference (overall minus shown programmes) must itself be a large enough group.
    const hidden = reaction.byProgram.filter((g) => g.suppressed).reduce((n, g) => n + g.responses, 0);
    expect(hidden === 0 || hidden >= minGroupSize).toBe(true);
    // Comments reach the pooled list only from programmes that are printed.
    const printed = new Set(reaction.byProgram.filter((g) => !g.suppressed).flatMap((g) => g.comments));
    for (const comment of reaction.comments) expect(printed.has(comment)).toBe(true);
  } else {
    expect(doc.kirkpatrick[0]).not.toHaveProperty('keyFigure');
    expect(doc.trend.at(-1)).not.toHaveProperty('satisfactionMean');
    expect(doc.trend.at(-1)).not.toHaveProperty('nps');
  }
}

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || b.i - a.i)
    .map(({ item }) => item);
}

describe('metrics document properties', () => {
  it('never carries a figure on a suppressed object, anywhere in the document', () => {
    fc.assert(
      fc.property(metricsInputArbitrary, (metricsInput) => {
        const doc = computeMetrics(metricsInput);
        assertNoLeak(JSON.parse(JSON.stringify(doc)), 'doc');
        assertNoLeak(doc, 'doc');
        assertThresholds(doc);
      }),
      { numRuns: 150 },
    );
  });

  it('does not depend on row order', () => {
    fc.assert(
      fc.property(metricsInputArbitrary, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (metricsInput, keys) => {
        const reordered: MetricsInput = {
          ...metricsInput,
          assessments: shuffled(metricsInput.assessments, keys),
          reactions: shuffled(metricsInput.reactions, keys),
          instruments: shuffled(metricsInput.instruments, keys),
          sources: shuffled(metricsInput.sources, keys),
        };
        expect(computeMetrics(reordered)).toStrictEqual(computeMetrics(metricsInput));
      }),
      { numRuns: 100 },
    );
  });

  it('the fixture document is order-independent and JSON-stable', () => {
    const doc = computeMetrics(metricsInput());
    const reversed = metricsInput();
    const again = computeMetrics({ ...reversed, assessments: [...reversed.assessments].reverse(), reactions: [...reversed.reactions].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
    expect(JSON.parse(JSON.stringify(doc))).toStrictEqual(doc);
  });
});
