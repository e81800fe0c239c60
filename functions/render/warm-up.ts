import { clientSettingsSchema, programDesignSchema, type AssessmentRow, type MetricsDocument, type ReactionRow, type SourceFile } from '../core/model/index.ts';
import type { ReportModule } from './render-version.ts';

/**
 * A report of made-up figures, rendered once where the renderer starts (the Lambda's init phase, each of the
 * local runtime's render threads) and thrown away: the first real report then finds the renderer's code
 * compiled and its fonts and chart specs loaded. It touches no store, bucket or queue. A failure never reaches
 * the caller's start-up (the first real report then renders cold and reports its own failure), but it is handed
 * to `onFailure`, so a warm-up that stopped working is seen rather than silently costing every first report.
 *
 * The figures come from the metrics engine (loaded only here), so they always have the shape the renderer
 * reads: two programmes' reactions with comments, self and manager ratings, a knowledge test, an employee
 * survey, a team inventory and two earlier years for the trend, so that every kind of chart is drawn; and,
 * as real reports have them, the consultant's commentary and the programmes' descriptions, so that their
 * code (the Markdown reader, the design section) is warm too rather than compiled on the first real report.
 */
export async function warmRenderer(loadReport: () => Promise<ReportModule>, onFailure: (error: unknown) => void): Promise<void> {
  try {
    await warmUpReport(loadReport);
  } catch (error) {
    onFailure(error);
  }
}

/** The made-up report's bytes (what warmRenderer throws away; tests read it). */
export async function warmUpReport(loadReport: () => Promise<ReportModule>): Promise<Uint8Array> {
  const [report, metrics, instruments] = await Promise.all([loadReport(), import('../core/metrics/index.ts'), import('../core/instruments/builtin.ts')]);
  const settings = clientSettingsSchema.parse({ clientId: 'warm-up', displayName: 'Warm-up', programNames: { a: 'Programme A', b: 'Programme B' } });
  const years: MetricsDocument[] = [];
  for (const year of [2023, 2024, 2025]) {
    const reactions = reactionRows(year);
    const assessments = assessmentRows(year);
    years.push(
      metrics.computeMetrics({
        clientId: settings.clientId,
        year,
        settings,
        instruments: [...instruments.builtInInstruments()],
        reactions,
        assessments,
        sources: [source(`reactions-${year}.csv`, 'reaction', reactions.length, year), source(`ratings-${year}.csv`, 'assessment', assessments.length, year)],
        inputsHash: `warm-up-${year}`,
        previousYears: [...years],
        commentary: COMMENTARY,
        programDesigns: ['a', 'b'].map((programId, i) => ({ programId, design: programDesign(year, i) })),
      }),
    );
  }
  return report.renderReport({ metrics: years.at(-1)!, settings, version: 1 });
}

const COMMENTARY = [
  'The group took a **clear step** this year. Managers and employees see what the leaders see themselves.',
  '',
  'We recommend that the organisation',
  '',
  '- keeps the coaching in threes during the autumn,',
  '- measures *engagement* again in a year,',
  '- lets the next group take the knowledge test six months after the programme.',
  '',
  'Åsa, Örjan and Ängla: the smallest change was in results focus (−0.2), and it is not certain.',
].join('\n');

function programDesign(year: number, index: number) {
  return programDesignSchema.parse({
    displayName: { sv: `Ledarskap i förändring ${index + 1}`, en: `Leading through change ${index + 1}` },
    startDate: `${year}-01-27`,
    endDate: `${year}-05-21`,
    sessions: 6,
    weeksSpanned: 17,
    needsAnalysis: index === 0,
    deliveryMethods: ['information', 'demonstration', 'practice'],
    feedback: { given: true, sources: ['trainer', 'peers', 'manager'] },
    location: index === 0 ? 'off-site' : 'on-site',
    delivery: { mode: 'blended', selfAdministered: false },
    attendance: 'voluntary',
    durationHours: 36,
    managerSupport: true,
    peerSupport: index === 0,
    psychologicalSafetyFocus: true,
  });
}

/** A fixed sequence in [0, 1): the same made-up figures in every container. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const COMMENTS = ['Useful days.', 'More time for exchange between units, please.', 'The feedback model works in my team already.'];

function reactionRows(year: number): ReactionRow[] {
  const next = sequence(year);
  const score = (low: number) => low + Math.floor(next() * (11 - low));
  return ['a', 'b'].flatMap((program) =>
    Array.from({ length: 14 }, (_, i) => ({
      respondent: `${program}-${year}-${i}`,
      program,
      date: `${year}-05-${String(1 + i).padStart(2, '0')}`,
      satisfaction: score(5),
      usefulness: score(4),
      recommendation: score(3),
      ...(program === 'a' && i < COMMENTS.length ? { comment: COMMENTS[i]! } : {}),
    })),
  );
}

const SERIES = [
  { program: 'a', instrument: 'lead-forward', dimensions: ['tydlighet', 'tillit', 'utveckling', 'delaktighet', 'resultatfokus'], raters: ['self', 'manager'], min: 1, max: 7, gain: 0.5 },
  { program: 'a', instrument: 'ledarskapskunskap', dimensions: ['kunskap'], raters: ['self'], min: 0, max: 20, gain: 3 },
  { program: 'a', instrument: 'hme', dimensions: ['motivation', 'ledarskap', 'styrning'], raters: ['self'], min: 0, max: 100, gain: 4 },
  { program: 'b', instrument: 'team-pro-inventory', dimensions: ['mal', 'roller', 'kommunikation', 'beslut', 'samarbete'], raters: ['self'], min: 1, max: 5, gain: 0.4 },
] as const;

function assessmentRows(year: number): AssessmentRow[] {
  const next = sequence(year + 1);
  const rows: AssessmentRow[] = [];
  for (const series of SERIES) {
    for (const dimension of series.dimensions) {
      for (const rater of series.raters) {
        for (let i = 0; i < 12; i++) {
          const leader = `${series.program}-${year}-l${i}`;
          const respondent = rater === 'self' ? leader : `${leader}-${rater}`;
          const span = series.max - series.min;
          const pre = series.min + span * (0.35 + next() * 0.3);
          const common = { respondent, leader, program: series.program, instrument: series.instrument, rater, dimension };
          const clamp = (v: number) => Math.round(Math.min(series.max, Math.max(series.min, v)));
          rows.push({ ...common, wave: 'pre', date: `${year}-02-${String(1 + i).padStart(2, '0')}`, score: clamp(pre) });
          rows.push({ ...common, wave: 'post', date: `${year}-10-${String(1 + i).padStart(2, '0')}`, score: clamp(pre + series.gain + (next() - 0.5) * span * 0.1) });
        }
      }
    }
  }
  return rows;
}

function source(file: string, dataset: SourceFile['dataset'], rows: number, year: number): SourceFile {
  return { file, dataset, rows, sha256: '0'.repeat(64), uploadedAt: `${year}-11-01T08:00:00.000Z`, firstDate: `${year}-02-01`, lastDate: `${year}-10-12` };
}
