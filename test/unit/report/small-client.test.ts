/**
 * A small client must not expose one leader's 360 or a small programme's answers: not in metrics.json,
 * not in the PDF and not in the email; and nothing hidden may be recovered by differencing.
 */
import { describe, expect, it } from 'vitest';
import { reportEmail } from '../../../functions/core/email/texts.ts';
import { builtInInstruments } from '../../../functions/core/instruments/builtin.ts';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import { clientSettingsSchema, type AssessmentRow, type MetricsDocument, type Rater, type ReactionRow } from '../../../functions/core/model/index.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

const settings = clientSettingsSchema.parse({ clientId: 'liten-kommun', displayName: 'Liten kommun', programNames: { stor: 'Stora programmet', liten: 'Lilla programmet' } });
const SMALL_COMMENTS = ['Hemligt om min chef Karin', 'Bara vi fyra var där', 'Vår grupp var för liten', 'Ingen annan såg det'];

/** One programme's 360: each leader rated by self, a manager and three employees, before and after. */
function threeSixty(program: string, leaders: number, gain: number): AssessmentRow[] {
  const rows: AssessmentRow[] = [];
  for (let l = 0; l < leaders; l++) {
    const leader = `${program}-l${l}`;
    const raters: [string, Rater][] = [
      [leader, 'self'],
      [`${leader}-chef`, 'manager'],
      [`${leader}-m1`, 'employee'],
      [`${leader}-m2`, 'employee'],
      [`${leader}-m3`, 'employee'],
    ];
    raters.forEach(([respondent, rater], r) => {
      const pre = 3 + ((l * 7 + r * 3) % 10) / 10;
      for (const dimension of ['tydlighet', 'tillit']) {
        rows.push({ respondent, leader, program, instrument: 'lead-forward', wave: 'pre', date: '2025-02-01', rater, dimension, score: pre });
        rows.push({ respondent, leader, program, instrument: 'lead-forward', wave: 'post', date: '2025-10-01', rater, dimension, score: Math.min(7, pre + gain + (r % 2) * 0.1) });
      }
    });
  }
  return rows;
}

function reactions(program: string, n: number, score: number, comments: readonly string[]): ReactionRow[] {
  return Array.from({ length: n }, (_, i) => ({
    respondent: `${program}-p${i}`,
    program,
    date: '2025-05-20',
    satisfaction: score,
    usefulness: score,
    recommendation: score,
    ...(comments[i] ? { comment: comments[i] } : {}),
  }));
}

function metricsFor(assessments: AssessmentRow[], reactionRows: ReactionRow[]): MetricsDocument {
  return computeMetrics({
    clientId: settings.clientId,
    year: 2025,
    settings,
    instruments: builtInInstruments().filter((i) => i.id === 'lead-forward'),
    reactions: reactionRows,
    assessments,
    sources: [],
    inputsHash: 'f'.repeat(64),
    previousYears: [],
  });
}

async function readBack(metrics: MetricsDocument): Promise<{ pdf: string; email: string; json: string }> {
  const pdf = (await pdfText(await renderReport({ metrics, settings, version: 1 }))).join(' ').replace(/\s+/g, ' ');
  const email = reportEmail({ locale: 'sv', clientName: settings.displayName, year: 2025, version: 1, metrics }).text;
  return { pdf, email, json: JSON.stringify(metrics) };
}

describe('a client whose only programme has four leaders', () => {
  // A large gain for the one leader group: g would be printed as "tydlig förbättring" if anything leaked.
  const metrics = metricsFor(threeSixty('liten', 4, 1.5), reactions('liten', 4, 3, SMALL_COMMENTS));

  it('carries counts only, for every rater group including the managers and employees', () => {
    for (const entry of metrics.change) {
      expect(entry).toMatchObject({ suppressed: true, pairs: 4, suppressedReason: 'few-leaders' });
      expect(entry).not.toHaveProperty('meanDiff');
      expect(entry).not.toHaveProperty('gav');
    }
    expect(metrics.reaction).toMatchObject({ suppressed: true, comments: [] });
    expect(metrics.kirkpatrick.every((k) => k.keyFigure === undefined)).toBe(true);
  });

  it('prints no figure, verdict or comment of it in the PDF or the email', async () => {
    const { pdf, email, json } = await readBack(metrics);
    for (const text of [pdf, email, json]) {
      for (const comment of SMALL_COMMENTS) expect(text).not.toContain(comment);
    }
    for (const text of [pdf, email]) {
      expect(text).not.toMatch(/tydlig förbättring|g = \d/);
      expect(text).not.toContain('3,0 av 10');
    }
    expect(pdf).toContain('färre än 5 ledare');
  });
});

describe('a four-leader programme beside a larger one', () => {
  const metrics = metricsFor(
    [...threeSixty('stor', 12, 0.4), ...threeSixty('liten', 4, 1.5)],
    [...reactions('stor', 14, 9, ['Bra dagar', 'Lärorikt']), ...reactions('liten', 4, 3, SMALL_COMMENTS)],
  );

  it('shows the larger programme and nothing of the small one', async () => {
    const small = metrics.change.filter((e) => e.program === 'liten');
    expect(small.every((e) => e.suppressed)).toBe(true);
    expect(metrics.change.filter((e) => e.program === 'stor' && !e.suppressed).length).toBeGreaterThan(0);
    const { pdf, email, json } = await readBack(metrics);
    for (const text of [pdf, email, json]) for (const comment of SMALL_COMMENTS) expect(text).not.toContain(comment);
  });

  it('cannot be recovered as the pooled figure minus the shown programme', () => {
    const reaction = metrics.reaction;
    if (!reaction) throw new Error('no reactions');
    const shown = reaction.byProgram.filter((p) => !p.suppressed);
    const recoverable = reaction.responses - shown.reduce((n, p) => n + p.responses, 0);
    // Either nothing is printed overall, or what the difference isolates is at least the minimum group.
    expect(reaction.suppressed || recoverable === 0 || recoverable >= metrics.settings.minGroupSize).toBe(true);
    // The larger programme is hidden too, so the overall figures cannot be unpicked into the small one's.
    expect(reaction.byProgram.map((p) => [p.program, p.suppressed, p.suppressedReason])).toEqual([
      ['liten', true, 'few-responses'],
      ['stor', true, 'complementary'],
    ]);
    // Comments come only from printed programmes: here none.
    expect(reaction.comments).toEqual([]);
  });
});
