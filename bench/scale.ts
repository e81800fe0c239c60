/**
 * `tsx bench/scale.ts` (also run by `npm run bench`): how compute and render grow with the data.
 * - compute: computeMetrics for 10, 100 and 1,000 leaders × 5 dimensions × 4 rater groups (self, manager,
 *   3 employees, 2 peers per leader; pre and post), CPU ms, median of 3 after a warm-up; `perLeaderMs` shows
 *   whether it grows linearly (constant per leader) or worse.
 * - render: a 200-programme client-year (12 reactions each, with comments) computed and rendered once in
 *   this process after a warm-up render of the same input: pages, bytes, CPU ms.
 * Prints one JSON line. Pure core functions only: no emulators.
 */
import { computeMetrics, type MetricsInput } from '../functions/core/metrics/index.ts';
import { clientSettingsSchema, type AssessmentRow, type InstrumentDefinition, type Rater, type ReactionRow } from '../functions/core/model/index.ts';
import { renderReport } from '../functions/core/report/index.ts';
import { seededRandom } from '../examples/generate.ts';
import { median } from './lib/proc.ts';

const DIMENSIONS = ['tydlighet', 'tillit', 'delaktighet', 'feedback', 'utveckling'];
const instrument: InstrumentDefinition = {
  id: 'lead-forward',
  name: 'Lead Forward',
  level: 'behaviour',
  scale: { min: 1, max: 7 },
  reliability: 0.86,
  dimensions: DIMENSIONS.map((id) => ({ id, label: { sv: id, en: id } })),
};
const settings = clientSettingsSchema.parse({ clientId: 'skala', displayName: 'Skala AB' });
const RATERS_PER_LEADER: [Rater, number][] = [['self', 1], ['manager', 1], ['employee', 3], ['peer', 2]];

function assessments(leaders: number): AssessmentRow[] {
  const random = seededRandom(leaders);
  const rows: AssessmentRow[] = [];
  for (let l = 0; l < leaders; l++) {
    const leader = `leader-${l}`;
    for (const [rater, count] of RATERS_PER_LEADER) {
      for (let r = 0; r < count; r++) {
        const respondent = rater === 'self' ? leader : `${leader}-${rater}-${r}`;
        for (const dimension of DIMENSIONS) {
          const pre = 1 + Math.floor(random() * 6);
          const base = { respondent, leader, program: `program-${l % 10}`, instrument: instrument.id, rater, dimension };
          rows.push({ ...base, wave: 'pre', date: '2025-01-20', score: pre });
          rows.push({ ...base, wave: 'post', date: '2025-11-10', score: Math.min(7, pre + Math.floor(random() * 2)) });
        }
      }
    }
  }
  return rows;
}

function reactions(programs: number): ReactionRow[] {
  const random = seededRandom(programs);
  const rows: ReactionRow[] = [];
  for (let p = 0; p < programs; p++) {
    for (let i = 0; i < 12; i++) {
      rows.push({ respondent: `r${p}-${i}`, program: `program-${p}`, date: '2025-05-20', satisfaction: 1 + Math.floor(random() * 10), usefulness: 8, recommendation: 9, comment: i % 3 === 0 ? 'Bra upplägg och tydliga exempel.' : '' });
    }
  }
  return rows;
}

const input = (overrides: Partial<MetricsInput>): MetricsInput => ({
  clientId: 'skala',
  year: 2025,
  settings,
  instruments: [instrument],
  reactions: [],
  assessments: [],
  sources: [],
  inputsHash: 'a'.repeat(64),
  previousYears: [],
  ...overrides,
});

function cpuMs<T>(work: () => T): { ms: number; result: T } {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

async function main(): Promise<void> {
  const compute: Record<string, { rows: number; cpuMs: number; perLeaderMs: number }> = {};
  for (const leaders of [10, 100, 1000]) {
    const rows = assessments(leaders);
    computeMetrics(input({ assessments: rows }));
    const runs = [0, 1, 2].map(() => cpuMs(() => computeMetrics(input({ assessments: rows }))).ms);
    const ms = median(runs);
    compute[leaders] = { rows: rows.length, cpuMs: Math.round(ms * 10) / 10, perLeaderMs: Math.round((ms / leaders) * 1000) / 1000 };
  }

  const metrics = computeMetrics(input({ instruments: [], reactions: reactions(200) }));
  await renderReport({ metrics, settings, version: 1 });
  const start = process.cpuUsage();
  const wall = performance.now();
  const pdf = await renderReport({ metrics, settings, version: 1 });
  const used = process.cpuUsage(start);
  const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const render200 = { programs: 200, pages, bytes: pdf.byteLength, cpuMs: Math.round((used.user + used.system) / 1000), wallMs: Math.round(performance.now() - wall) };
  process.stdout.write(`${JSON.stringify({ compute, render200 })}\n`);
}

await main();
