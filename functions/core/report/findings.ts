/**
 * The key findings and the limitations that apply: what a manager reads first, chosen by documented rules
 * (docs/report.md) from the metrics document alone.
 */
import type { ChangeEntry, InstrumentSummary, MetricsDocument } from '../model/index.ts';
import type { ReportContext } from './context.ts';
import { improvementInterval, isSelfRating, rankedChanges, showableChange, showableRating, showableReaction, showableRecommendation } from './figures.ts';
import { fill } from './texts.ts';

export const MAX_FINDINGS = 5;
export const MIN_FINDINGS = 3;

export type BenchmarkVerdict = 'above' | 'inLine' | 'below';

/** Where g_av's interval lies against the research average δ for the entry's level (Lacerenza et al. 2017). */
export function benchmarkVerdict(ctx: ReportContext, entry: ChangeEntry): { verdict: BenchmarkVerdict; delta: number } | undefined {
  const interval = improvementInterval(ctx, entry);
  if (!interval) return undefined;
  const delta = benchmarkForLevel(ctx.metrics, entry.level);
  const verdict: BenchmarkVerdict = interval[0] > delta ? 'above' : interval[1] < delta ? 'below' : 'inLine';
  return { verdict, delta };
}

export function benchmarkForLevel(metrics: Pick<MetricsDocument, 'benchmarks'>, level: InstrumentSummary['level']): number {
  const { benchmarks } = metrics;
  return level === 'learning' ? benchmarks.learning : level === 'behaviour' ? benchmarks.transfer : benchmarks.results;
}

/**
 * 3 to 5 sentences: the participants' reaction when it may be shown, then the clearest changes by the rule
 * of rankedChanges (others before self, furthest from zero by the interval's bound), then, if fewer than
 * three, the NPS and what could not be shown. Never a suppressed group.
 */
export function keyFindings(ctx: ReportContext): string[] {
  const { t, f } = ctx;
  const findings: string[] = [];
  const reaction = showableReaction(ctx.metrics.reaction);
  const satisfaction = reaction ? showableRating(reaction.satisfaction) : null;
  const usefulness = reaction ? showableRating(reaction.usefulness) : null;
  if (reaction && satisfaction?.mean !== undefined && satisfaction.ci95 && usefulness?.mean !== undefined) {
    findings.push(
      fill(t.findings.reaction, {
        satisfaction: f.number(satisfaction.mean),
        ci: f.interval(satisfaction.ci95),
        usefulness: f.number(usefulness.mean),
        share: f.percent(satisfaction.topTwoBoxShare ?? 0),
        n: f.integer(satisfaction.n),
      }),
    );
  }
  for (const entry of rankedChanges(ctx).slice(0, MAX_FINDINGS - findings.length)) findings.push(changeFinding(ctx, entry));
  const recommendation = reaction ? showableRecommendation(reaction) : null;
  if (findings.length < MIN_FINDINGS && recommendation?.nps !== undefined && recommendation.npsCi95) {
    findings.push(fill(t.findings.nps, { nps: f.signed(recommendation.nps, 0), ci: f.interval(recommendation.npsCi95, 0), n: f.integer(recommendation.n) }));
  }
  if (findings.length < MIN_FINDINGS) findings.push(ctx.metrics.change.some(showableChange) ? t.findings.noClearChange : t.findings.noChangeMeasured);
  return findings;
}

/** One sentence for a change: who rated what, from and to, the verdict, g_av with its interval and n, and the benchmark. */
export function changeFinding(ctx: ReportContext, entry: ChangeEntry): string {
  const { t, f } = ctx;
  const instrument = ctx.instrument(entry.instrument);
  const kind = instrument?.kind ?? 'rating';
  const subjectKey = kind === 'test' ? 'test' : kind === 'indicator' ? 'indicator' : isSelfRating(ctx, entry) ? 'self' : entry.rater;
  const subject = fill(t.findings.subjects[subjectKey], { dimension: ctx.dimensionLabel(entry), instrument: ctx.instrumentName(entry.instrument) });
  const rose = (entry.meanDiff ?? 0) >= 0;
  const scale = instrument ? `${f.integer(instrument.scale.min)}–${f.integer(instrument.scale.max)}` : '';
  const benchmark = benchmarkVerdict(ctx, entry);
  const sentence = fill(t.findings.change, {
    subject,
    direction: rose ? t.findings.rose : t.findings.fell,
    pre: f.number(entry.preMean ?? 0),
    post: f.number(entry.postMean ?? 0),
    scale,
    verdict: entry.verdict ? t.verdicts[entry.verdict] : '',
    g: f.number(entry.gav ?? 0, 2),
    ci: f.interval(entry.gavCi95 ?? [0, 0], 2),
    n: fill(kind === 'indicator' ? t.summary.unitsN : t.summary.leadersN, { n: f.integer(entry.pairs) }),
  });
  if (!benchmark) return sentence;
  return `${sentence} ${fill(t.findings.benchmark[benchmark.verdict], { level: t.pyramid.levels[entry.level].toLowerCase(), delta: f.number(benchmark.delta, 2) })}`;
}

/**
 * The key findings as three short lines for an e-mail body, each with its n: the satisfaction and the
 * two clearest changes by the same rule as the report (fewer when fewer can be shown).
 */
export function shortFindings(ctx: ReportContext, count = 3): string[] {
  const { t, f } = ctx;
  const lines: string[] = [];
  const reaction = showableReaction(ctx.metrics.reaction);
  const satisfaction = reaction ? showableRating(reaction.satisfaction) : null;
  if (satisfaction?.mean !== undefined && satisfaction.ci95) {
    lines.push(fill(t.findings.shortReaction, { value: f.number(satisfaction.mean), ci: f.interval(satisfaction.ci95), n: f.integer(satisfaction.n) }));
  }
  for (const entry of rankedChanges(ctx).slice(0, count - lines.length)) {
    const kind = ctx.instrument(entry.instrument)?.kind ?? 'rating';
    const subjectKey = kind === 'test' ? 'test' : kind === 'indicator' ? 'indicator' : isSelfRating(ctx, entry) ? 'self' : entry.rater;
    const subject = fill(t.findings.subjects[subjectKey], { dimension: ctx.dimensionLabel(entry), instrument: ctx.instrumentName(entry.instrument) });
    lines.push(
      capitalise(
        fill(t.findings.shortChange, {
          subject,
          verdict: entry.verdict ? t.verdicts[entry.verdict] : '',
          g: f.number(entry.gav ?? 0, 2),
          n: fill(kind === 'indicator' ? t.summary.unitsN : t.summary.leadersN, { n: f.integer(entry.pairs) }),
        }),
      ),
    );
  }
  return lines;
}

export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
}

export type LimitationKey = 'noComparisonGroup' | 'regression' | 'selfReport' | 'ratersKnew' | 'manyTests' | 'ceiling' | 'responseRate';

/** The limitations that apply to this client-year's data, in the order the report gives them. */
export function applicableLimitations(ctx: ReportContext): { key: LimitationKey; values: Record<string, string> }[] {
  const { f, metrics } = ctx;
  const shown = metrics.change.filter(showableChange);
  const tested = shown.filter((e) => !e.descriptiveOnly && e.p !== undefined);
  const out: { key: LimitationKey; values: Record<string, string> }[] = [];
  if (shown.length > 0) {
    out.push({ key: 'noComparisonGroup', values: {} });
    out.push({ key: 'regression', values: {} });
  }
  if (shown.some((e) => isSelfRating(ctx, e))) out.push({ key: 'selfReport', values: {} });
  if (shown.some((e) => e.rater !== 'self')) out.push({ key: 'ratersKnew', values: {} });
  if (tested.length > 1) out.push({ key: 'manyTests', values: { count: f.integer(tested.length) } });
  const ceiling = ceilingShare(ctx);
  if (ceiling !== undefined) out.push({ key: 'ceiling', values: { share: f.percent(ceiling) } });
  const reaction = metrics.reaction;
  if (reaction && (reaction.responseRate === undefined || reaction.responseRate < RESPONSE_RATE_CONCERN)) {
    out.push({ key: 'responseRate', values: reaction.responseRate === undefined ? {} : { rate: f.percent(reaction.responseRate) } });
  }
  return out;
}

/** Below this share of those invited, who answered may differ from who did not. */
export const RESPONSE_RATE_CONCERN = 0.7;
/** At or above this share in the top two boxes, the scale leaves little room to show a difference. */
export const CEILING_SHARE = 0.8;

function ceilingShare(ctx: ReportContext): number | undefined {
  const reaction = showableReaction(ctx.metrics.reaction);
  const share = reaction ? showableRating(reaction.satisfaction)?.topTwoBoxShare : undefined;
  return share !== undefined && share >= CEILING_SHARE ? share : undefined;
}
