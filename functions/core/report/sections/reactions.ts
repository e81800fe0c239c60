/** Reactions: rating distributions, means with CIs, share 9–10, NPS with its scale, per programme, selected comments. */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { ReactionGroup, ReactionMetrics } from '../../model/index.ts';
import type { ChartRow } from '../charts.ts';
import type { ReportContext } from '../context.ts';
import { QUESTIONS, reactionSuppressedText, showableRating, showableReaction, showableRecommendation } from '../figures.ts';
import { chartBlock, dataTable, heading, keepTogether, paragraph, sectionStart, spanningCell } from '../layout.ts';
import { fill } from '../texts.ts';
import { scaleText } from './summary.ts';

export async function reactionsSection(ctx: ReportContext): Promise<Content[]> {
  const { t, metrics } = ctx;
  const reaction = metrics.reaction;
  if (!reaction) return [sectionStart(t.reaction.heading, [paragraph(t.summary.noReaction)])];
  const group = showableReaction(reaction);
  if (!group) {
    return [
      sectionStart(t.reaction.heading, [
        paragraph(t.reaction.intro, 'lead'),
        paragraph(`${t.reaction.heading}: ${reactionSuppressedText(ctx, reaction)} (n = ${ctx.f.integer(reaction.responses)}).`),
      ]),
    ];
  }
  const content: Content[] = [
    sectionStart(t.reaction.heading, [
      paragraph(t.reaction.intro, 'lead'),
      heading(t.reaction.distributionHeading, 2),
      await chartBlock(ctx, 'reaction-distribution', { data: { values: distributionRows(ctx, group) } }, {
        caption: fill(t.reaction.distributionCaption, { n: ctx.f.integer(group.responses) }),
      }),
    ]),
    keepTogether(heading(t.reaction.tableHeading, 2), statsTable(ctx, group)),
    ...npsBlock(ctx, group),
  ];
  if (reaction.byProgram.length > 1) content.push(...(await byProgram(ctx, reaction)));
  if (group.comments.length > 0) content.push(...comments(ctx, group.comments));
  return content;
}

/** One bar per scale point; the top two points of each question's own scale (its top-two box) are highlighted. */
export function distributionRows(ctx: ReportContext, group: ReactionGroup): ChartRow[] {
  const { chart } = ctx.theme;
  return QUESTIONS.flatMap((question, order) => {
    const stats = showableRating(group[question]);
    const topTwoFrom = group[question].scale.max - 1;
    return (stats?.distribution ?? []).map((point) => ({
      question: ctx.t.questions[question],
      questionOrder: order,
      value: point.value,
      count: point.count,
      countLabel: point.count > 0 ? ctx.f.integer(point.count) : '',
      topTwo: point.value >= topTwoFrom,
      color: point.value >= topTwoFrom ? chart.barHighlight : chart.bar,
    }));
  });
}

function statsTable(ctx: ReportContext, group: ReactionGroup): Content {
  const { t, f } = ctx;
  const rows: TableCell[][] = QUESTIONS.map((question) => {
    const stats = showableRating(group[question]);
    const label = `${t.questions[question]} (${f.integer(group[question].scale.min)}–${f.integer(group[question].scale.max)})`;
    if (!stats || stats.mean === undefined) return [label, f.integer(group[question].n), ...spanningCell(reactionSuppressedText(ctx, group), 3)];
    return [
      label,
      f.integer(stats.n),
      f.number(stats.mean),
      stats.ci95 ? f.interval(stats.ci95) : '–',
      stats.topTwoBoxShare !== undefined ? f.percent(stats.topTwoBoxShare) : '–',
    ];
  });
  return dataTable([t.reaction.question, t.reaction.n, t.reaction.mean, t.reaction.ci, t.reaction.topTwo], rows, ['*', 40, 60, 70, 60], {
    alignRight: [1, 2, 3, 4],
  });
}

function npsBlock(ctx: ReportContext, group: ReactionGroup): Content[] {
  const { t, f } = ctx;
  const recommendation = showableRecommendation(group);
  if (!recommendation || recommendation.nps === undefined) return [];
  const texts: Content[] = [
    paragraph(fill(t.reaction.npsText, { scale: scaleText(recommendation.npsScale), nps: f.signed(recommendation.nps, 0), n: f.integer(recommendation.n) })),
  ];
  if (recommendation.promoterShare !== undefined && recommendation.passiveShare !== undefined && recommendation.detractorShare !== undefined) {
    texts.push(
      paragraph(
        fill(t.reaction.npsShares, {
          promoters: f.percent(recommendation.promoterShare),
          passives: f.percent(recommendation.passiveShare),
          detractors: f.percent(recommendation.detractorShare),
        }),
      ),
    );
  }
  if (recommendation.npsScale === '1-10') texts.push(paragraph(t.reaction.npsScaleNote, 'note'));
  return [keepTogether(heading(t.reaction.npsHeading, 2), ...texts)];
}

async function byProgram(ctx: ReportContext, reaction: ReactionMetrics): Promise<Content[]> {
  const { t, f } = ctx;
  const palette = ctx.theme.chart.palette;
  const programs = reaction.byProgram;
  const chartRows: ChartRow[] = programs.flatMap((program, index) => {
    if (!showableReaction(program)) return [];
    return QUESTIONS.flatMap((question, order) => {
      const stats = showableRating(program[question]);
      if (!stats || stats.mean === undefined || !stats.ci95) return [];
      return [
        {
          question: t.questions[question],
          questionOrder: order,
          program: ctx.programName(program.program),
          mean: stats.mean,
          low: stats.ci95[0],
          high: stats.ci95[1],
          label: f.number(stats.mean),
          color: palette[index % palette.length] ?? ctx.theme.chart.bar,
        },
      ];
    });
  });
  const tableRows: TableCell[][] = programs.map((program) => {
    const name = ctx.programName(program.program);
    const group = showableReaction(program);
    if (!group) return [name, f.integer(program.responses), ...spanningCell(reactionSuppressedText(ctx, program), 4)];
    const mean = (question: (typeof QUESTIONS)[number]) => {
      const stats = showableRating(group[question]);
      return stats?.mean !== undefined ? f.number(stats.mean) : '–';
    };
    const recommendation = showableRecommendation(group);
    return [name, f.integer(group.responses), mean('satisfaction'), mean('usefulness'), mean('recommendation'), recommendation?.nps !== undefined ? f.signed(recommendation.nps, 0) : '–'];
  });
  const blocks: Content[] = [heading(t.reaction.byProgramHeading, 2)];
  // The axis runs over the questions' whole scale.
  const scaleMin = Math.min(...QUESTIONS.map((question) => reaction[question].scale.min));
  const scaleMax = Math.max(...QUESTIONS.map((question) => reaction[question].scale.max));
  if (chartRows.length > 0) {
    blocks.push(await chartBlock(ctx, 'reaction-programs', { data: { values: chartRows }, params: { scaleMin, scaleMax } }, { caption: t.reaction.byProgramCaption }));
  }
  return [
    keepTogether(
      ...blocks,
      dataTable(
        [t.reaction.program, t.reaction.responses, t.questions.satisfaction, t.questions.usefulness, t.questions.recommendation, t.reaction.nps],
        tableRows,
        ['*', 40, 55, 60, 70, 40],
        { alignRight: [1, 2, 3, 4, 5] },
      ),
    ),
  ];
}

function comments(ctx: ReportContext, list: string[]): Content[] {
  const { t, theme } = ctx;
  return [
    keepTogether(
      heading(t.reaction.commentsHeading, 2),
      {
        // Quotes set off by an accent rule rather than italics: one font face less to embed.
        table: {
          widths: [2, '*'],
          body: list.map((comment) => [
            { text: '', fillColor: theme.colors.accent },
            { text: fill(t.reaction.quote, { comment }), fontSize: 9.5, color: theme.colors.text, lineHeight: 1.25, margin: [8, 1, 0, 1] },
          ]),
        },
        layout: { defaultBorder: false, paddingTop: () => 0, paddingBottom: () => 7, paddingLeft: () => 0, paddingRight: () => 0 },
      },
      paragraph(t.reaction.commentsNote, 'caption'),
    ),
  ];
}
