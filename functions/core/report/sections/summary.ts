/** Summary page: headline reaction figures in large type, the largest before/after changes, and the people behind them. */
import type { ChangeEntry, Verdict } from '../../model/index.ts';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { ReportContext } from '../context.ts';
import { rankedChanges, showableChange, showableRating, showableReaction, showableRecommendation } from '../figures.ts';
import { callout, heading, keepTogether, paragraph, sectionStart } from '../layout.ts';
import { withRole } from '../structure.ts';
import { fill } from '../texts.ts';

const STRONGEST_COUNT = 4;

export function summarySection(ctx: ReportContext): Content[] {
  const { t } = ctx;
  return [
    sectionStart(t.summary.heading, [paragraph(t.summary.intro, 'lead'), headlineFigures(ctx)]),
    // Without any before/after measurement there is no change to list and no effect size to explain.
    ...(ctx.metrics.change.length > 0 ? [keepTogether(heading(t.summary.strongestHeading, 2), ...strongestChanges(ctx))] : []),
    ...basis(ctx).map((text) => paragraph(text, 'body')),
    ...(ctx.metrics.change.some((e) => showableChange(e) && e.gav !== undefined) ? [callout([paragraph(t.summary.readMore, 'note')])] : []),
  ];
}

/** Who the figures rest on, with the same counts as the metrics document, the pyramid and the email. */
export function basis(ctx: ReportContext): string[] {
  const { t, f, metrics } = ctx;
  const lines = [
    metrics.leadersMeasured > 0
      ? fill(t.summary.basis, { participants: f.integer(metrics.participants), leaders: f.integer(metrics.leadersMeasured) })
      : fill(t.summary.basisReactionOnly, { participants: f.integer(metrics.participants) }),
  ];
  if (metrics.unmatchedRaters > 0) lines.push(fill(t.summary.unmatched, { count: f.integer(metrics.unmatchedRaters) }));
  const reaction = metrics.reaction;
  if (reaction) {
    lines.push(
      reaction.invited !== undefined && reaction.responseRate !== undefined
        ? fill(t.summary.responseRate, { rate: f.percent(reaction.responseRate), responses: f.integer(reaction.responses), invited: f.integer(reaction.invited) })
        : t.summary.responseRateUnknown,
    );
  }
  return lines;
}

function headlineFigures(ctx: ReportContext): Content {
  const { t, f, metrics, theme } = ctx;
  const reaction = metrics.reaction;
  if (!reaction) return paragraph(t.summary.noReaction);
  const group = showableReaction(reaction);
  if (!group) return paragraph(fill(t.summary.reactionSuppressed, { min: metrics.settings.minGroupSize }));

  // One paragraph per card for a screen reader ("8,8 av 10 Nöjdhet n = 54 …"), not five.
  const card = (value: string, unit: string, label: string, n: number | undefined, ci?: string): TableCell => withRole<Content>({
    stack: [
      { text: value, fontSize: 34, bold: true, color: theme.colors.primary, margin: [0, 0, 0, 0] },
      { text: unit, fontSize: 9, color: theme.colors.muted, margin: [0, 0, 0, 8] },
      { text: label, fontSize: 10.5, bold: true, color: theme.colors.ink },
      { text: n === undefined ? '' : `n = ${f.integer(n)}`, fontSize: 8.5, color: theme.colors.muted, margin: [0, 2, 0, 0] },
      { text: ci === undefined ? '' : fill(t.summary.ci, { interval: ci }), fontSize: 8.5, color: theme.colors.muted },
    ],
    fillColor: theme.colors.panel,
    margin: [12, 12, 12, 12],
  } as Content, 'P') as TableCell;
  const suppressedCard = (label: string): TableCell => card('–', '', label, undefined);

  const satisfaction = showableRating(group.satisfaction);
  const usefulness = showableRating(group.usefulness);
  const recommendation = showableRecommendation(group);
  const cells: TableCell[] = [
    satisfaction?.mean !== undefined
      ? card(f.number(satisfaction.mean), fill(t.summary.outOf, { max: satisfaction.scale.max }), t.summary.satisfaction, satisfaction.n, satisfaction.ci95 && f.interval(satisfaction.ci95))
      : suppressedCard(t.summary.satisfaction),
    usefulness?.mean !== undefined
      ? card(f.number(usefulness.mean), fill(t.summary.outOf, { max: usefulness.scale.max }), t.summary.usefulness, usefulness.n, usefulness.ci95 && f.interval(usefulness.ci95))
      : suppressedCard(t.summary.usefulness),
    recommendation?.nps !== undefined
      ? card(
          f.signed(recommendation.nps, 0),
          `${fill(t.summary.npsLabel, { scale: scaleText(recommendation.npsScale) })}, ${t.summary.npsRange}`,
          t.summary.recommendation,
          recommendation.n,
          recommendation.npsCi95 && f.interval(recommendation.npsCi95, 0),
        )
      : suppressedCard(t.summary.recommendation),
  ];
  return {
    table: { widths: ['*', '*', '*'], body: [cells] },
    layout: { defaultBorder: false, paddingLeft: () => 0, paddingRight: (i) => (i < 2 ? 10 : 0), paddingTop: () => 0, paddingBottom: () => 0 },
    margin: [0, 4, 0, 6],
  };
}

export function scaleText(scale: '0-10' | '1-10'): string {
  return scale.replace('-', '–');
}

/** The clearest tested changes, by the rule of rankedChanges. */
export function strongestEntries(ctx: ReportContext): ChangeEntry[] {
  return rankedChanges(ctx).slice(0, STRONGEST_COUNT);
}

export function verdictColor(ctx: ReportContext, verdict: Verdict | undefined): string {
  const { colors } = ctx.theme;
  if (verdict === 'clear-improvement' || verdict === 'improvement') return colors.improvement;
  if (verdict === 'clear-decline' || verdict === 'decline') return colors.decline;
  // A possible change is not coloured as a sure one.
  return colors.muted;
}

function strongestChanges(ctx: ReportContext): Content[] {
  const { t, f } = ctx;
  const entries = strongestEntries(ctx);
  if (entries.length === 0) return [paragraph(t.summary.noChange)];
  const rows: TableCell[][] = entries.map((entry) => {
    const instrument = ctx.instrument(entry.instrument);
    const scale = instrument ? `${f.integer(instrument.scale.min)}–${f.integer(instrument.scale.max)}` : '';
    const verdict = entry.verdict ? t.verdicts[entry.verdict] : '';
    const line = fill(t.summary.changeLine, {
      dimension: ctx.dimensionLabel(entry),
      instrument: ctx.instrumentName(entry.instrument),
      rater: ctx.raterLabel(entry).toLowerCase(),
      pre: f.number(entry.preMean ?? 0),
      post: f.number(entry.postMean ?? 0),
      scale,
    });
    return [
      { text: verdict, bold: true, fontSize: 9.5, color: verdictColor(ctx, entry.verdict), margin: [0, 1, 0, 0] },
      {
        stack: [
          { text: line, fontSize: 9.5, color: ctx.theme.colors.text },
          {
            text: `${fill(t.summary.effect, { g: f.number(entry.gav ?? 0, 2), interval: f.interval(entry.gavCi95 ?? [0, 0], 2) })} · ${fill(ctx.instrument(entry.instrument)?.kind === 'indicator' ? t.summary.unitsN : t.summary.leadersN, { n: f.integer(entry.pairs) })}`,
            fontSize: 8.2,
            color: ctx.theme.colors.muted,
            margin: [0, 1, 0, 0],
          },
        ],
      },
    ];
  });
  return [
    paragraph(t.summary.strongestRule, 'caption'),
    {
      table: { widths: [105, '*'], body: rows },
      layout: {
        hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.4),
        vLineWidth: () => 0,
        hLineColor: () => ctx.theme.colors.rule,
        paddingTop: () => 6,
        paddingBottom: () => 6,
        paddingLeft: () => 0,
      },
      margin: [0, 0, 0, 10],
    },
  ];
}
