/**
 * What changed since the previous year, for the report's findings section. Apart from findings.ts because
 * it tests with the normal distribution (jStat, which esbuild cannot leave out once a bundle imports it):
 * the e-mails' short findings (deliver) import findings.ts and need no statistics of their own.
 */
import type { TrendChange } from '../model/index.ts';
import { normalCdf, normalQuantile } from '../stats/distributions.ts';
import { holmAdjust } from '../stats/multiplicity.ts';
import type { ReportContext } from './context.ts';
import { fill } from './texts.ts';

/** A year-on-year difference of g_av, tested from the two intervals (independent cohorts). */
interface YearComparison {
  line: TrendChange;
  now: TrendChange['points'][number];
  before: TrendChange['points'][number];
  p: number;
}

const Z = normalQuantile(0.975);

function compareYears(lines: readonly TrendChange[], year: number): YearComparison[] {
  const comparisons: Omit<YearComparison, 'p'>[] = [];
  const pValues: number[] = [];
  for (const line of lines) {
    const now = line.points.find((p) => p.year === year);
    const before = [...line.points].filter((p) => p.year < year).sort((a, b) => b.year - a.year)[0];
    if (!now || !before) continue;
    // The standard error of each g_av from its 95 % interval, the difference tested with a z test.
    const se = (p: typeof now) => (p.gavCi95[1] - p.gavCi95[0]) / (2 * Z);
    const z = (now.gav - before.gav) / Math.sqrt(se(now) ** 2 + se(before) ** 2);
    comparisons.push({ line, now, before });
    pValues.push(2 * (1 - normalCdf(Math.abs(z))));
  }
  const adjusted = holmAdjust(pValues);
  return comparisons.map((c, i) => ({ ...c, p: adjusted[i] as number }));
}

/** What changed since the previous year, like for like: reactions, and the effect sizes of the same measurements. */
export function sinceLastYear(ctx: ReportContext): string[] {
  const { t, f, metrics } = ctx;
  const earlier = metrics.trend.filter((p) => p.year < metrics.year);
  const previous = earlier[earlier.length - 1];
  const current = metrics.trend.find((p) => p.year === metrics.year);
  if (!previous || !current) return [];
  const lines: string[] = [];
  if (current.satisfactionMean !== undefined && previous.satisfactionMean !== undefined) {
    lines.push(
      fill(t.findings.reactionSince, {
        now: f.number(current.satisfactionMean),
        before: f.number(previous.satisfactionMean),
        year: previous.year,
        n: f.integer(current.responses),
        nBefore: f.integer(previous.responses),
      }),
    );
  }
  const comparisons = compareYears(metrics.trendChanges, metrics.year);
  if (comparisons.length === 0) {
    if (metrics.change.length > 0) lines.push(t.findings.noLikeForLike);
    return lines;
  }
  const higher = comparisons.filter((c) => c.now.gav > c.before.gav).length;
  const sure = comparisons.filter((c) => c.p < 0.05);
  lines.push(
    fill(sure.length === 0 ? t.findings.likeForLikeNoneSure : t.findings.likeForLike, {
      count: f.integer(comparisons.length),
      higher: f.integer(higher),
      lower: f.integer(comparisons.length - higher),
      sure: f.integer(sure.length),
    }),
  );
  return lines;
}
