/** Method appendix: data sources, how each figure is computed, what was suppressed and why, how to read an effect size. */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { ChangeEntry, Rater, ReactionSuppressionReason } from '../../model/index.ts';
import { RATER_ORDER, type ReportContext } from '../context.ts';
import { changeSuppressedReason, showableChange } from '../figures.ts';
import { dataTable, heading, keepTogether, paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

export function methodSection(ctx: ReportContext): Content[] {
  const { t, f, metrics } = ctx;
  const period = metrics.period ? f.dateRange(metrics.period.from, metrics.period.to) : t.cover.noPeriod;
  const sources: TableCell[][] = metrics.sources.map((s) => [
    s.file,
    t.method.datasets[s.dataset],
    f.integer(s.rows),
    s.firstDate && s.lastDate ? f.dateRange(s.firstDate, s.lastDate) : '–',
    f.date(s.uploadedAt),
  ]);
  const instruments: Content[] = metrics.instruments.map((instrument) => {
    const parts = [
      `${ctx.t.pyramid.levels[instrument.level]}`,
      fill(t.change.scale, { min: f.integer(instrument.scale.min), max: f.integer(instrument.scale.max) }).toLowerCase(),
      ...(instrument.reliability !== undefined ? [fill(t.method.reliability, { value: f.number(instrument.reliability, 2) })] : []),
      ...(instrument.descriptiveOnly ? [t.verdicts.descriptive] : []),
    ];
    return { text: [{ text: `${ctx.instrumentName(instrument.id)}: `, bold: true }, parts.join(', ')], style: 'body', margin: [0, 0, 0, 3] };
  });
  const benchmarks = metrics.benchmarks;
  const hasEffectSizes = metrics.change.some((e) => showableChange(e) && e.gav !== undefined);
  return [
    sectionStart(t.method.heading, [
      heading(t.method.sourcesHeading, 2),
      paragraph(fill(t.method.sourcesIntro, { period })),
      dataTable([t.method.file, t.method.dataset, t.method.rows, t.method.dates, t.method.uploaded], sources, ['*', 62, 36, 118, 78], { alignRight: [2] }),
    ]),
    ...(instruments.length > 0 ? [keepTogether(heading(t.method.instrumentsHeading, 2), ...instruments)] : []),
    ...reliabilityFromData(ctx),
    keepTogether(heading(t.method.computedHeading, 2), ...t.method.computed.slice(0, 1).map((text) => paragraph(text))),
    // The paragraphs on before/after statistics and effect sizes only where there is a before/after.
    ...(metrics.change.length > 0 ? t.method.computed.slice(1).map((text) => paragraph(text)) : []),
    ...(hasEffectSizes
      ? [
          keepTogether(
            heading(t.method.readingHeading, 2),
            ...t.method.reading.map((text) =>
              paragraph(fill(text, { learning: f.number(benchmarks.learning, 2), transfer: f.number(benchmarks.transfer, 2), results: f.number(benchmarks.results, 2) })),
            ),
          ),
        ]
      : []),
    keepTogether(heading(t.method.suppressionHeading, 2), ...suppression(ctx)),
    ...(hasEffectSizes ? [paragraph(fill(t.method.benchmarkSource, { source: benchmarks.source }), 'caption')] : []),
    paragraph(fill(t.method.inputsHash, { hash: metrics.inputsHash }), 'caption'),
  ];
}

function suppression(ctx: ReportContext): Content[] {
  const { t, f, metrics } = ctx;
  const intro = paragraph(
    fill(metrics.change.length > 0 ? t.method.suppressionIntro : t.method.suppressionIntroReactionOnly, {
      min: f.integer(metrics.settings.minGroupSize),
      raterMin: f.integer(metrics.settings.minRaterGroupSize),
      commentMin: f.integer(metrics.settings.minCommentGroupSize),
    }),
  );
  const items: string[] = [];
  const reaction = metrics.reaction;
  const responses = (n: number) => fill(t.units.responses, { n: f.integer(n) });
  const min = f.integer(metrics.settings.minGroupSize);
  const reactionReason = (reason: ReactionSuppressionReason | undefined) => fill(t.method.reactionReasons[reason ?? 'few-responses'], { min });
  if (reaction?.suppressed) {
    items.push(fill(t.method.suppressedItem, { what: t.method.suppressedReactionAll, n: responses(reaction.responses), reason: reactionReason(reaction.suppressedReason) }));
  }
  for (const program of reaction?.byProgram ?? []) {
    if (!program.suppressed) continue;
    items.push(
      fill(t.method.suppressedItem, {
        what: fill(t.method.suppressedReaction, { program: ctx.programName(program.program) }),
        n: responses(program.responses),
        reason: reactionReason(program.suppressedReason),
      }),
    );
  }
  items.push(...suppressedChangeItems(ctx));
  if (items.length === 0) return [intro, paragraph(t.method.nothingSuppressed)];
  return [intro, paragraph(t.method.suppressedList), { ul: items, style: 'body', margin: [8, 0, 0, 6] }];
}

/** One line per instrument, programme and rater group with suppressed entries. */
function suppressedChangeItems(ctx: ReportContext): string[] {
  const { t, f } = ctx;
  const groups = new Map<string, { instrument: string; program: string; rater: Rater; entries: ChangeEntry[] }>();
  for (const entry of ctx.metrics.change) {
    if (showableChange(entry)) continue;
    const key = `${entry.instrument}\u0000${entry.program}\u0000${entry.rater}`;
    const group = groups.get(key) ?? { instrument: entry.instrument, program: entry.program, rater: entry.rater, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => compare(a.instrument, b.instrument) || compare(a.program, b.program) || RATER_ORDER.indexOf(a.rater) - RATER_ORDER.indexOf(b.rater))
    .map((group) => {
      const pairs = group.entries.map((e) => e.pairs);
      const low = Math.min(...pairs);
      const high = Math.max(...pairs);
      const n = low === high ? f.integer(low) : `${f.integer(low)}–${f.integer(high)}`;
      const name = ctx.instrumentName(group.instrument);
      const first = group.entries[0] as ChangeEntry;
      return fill(t.method.suppressedItem, {
        what: `${name}, ${ctx.raterLabel(first).toLowerCase()} (${ctx.programName(group.program)})`,
        n: fill(t.units.leaders, { n }),
        reason: [...new Set(group.entries.map((e) => changeSuppressedReason(ctx, e)))].join('; '),
      });
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item-level instruments: alpha measured on the year's own pre-wave answers, flagged below .70, and the responses left without a score. */
function reliabilityFromData(ctx: ReportContext): Content[] {
  const { t, f, metrics } = ctx;
  const reliability = metrics.reliability ?? [];
  const incomplete = (metrics.incompleteResponses ?? []).filter((i) => i.responses > 0);
  if (reliability.length === 0 && incomplete.length === 0) return [];
  const lines: Content[] = reliability.map((entry) => {
    const text = fill(t.method.alphaItem, {
      instrument: ctx.instrumentName(entry.instrument),
      dimension: ctx.dimensionLabel(entry),
      alpha: f.number(entry.alpha, 2),
      low: entry.ci95 ? f.number(entry.ci95[0], 2) : '–',
      high: entry.ci95 ? f.number(entry.ci95[1], 2) : '–',
      n: f.integer(entry.n),
      items: f.integer(entry.items),
    });
    return paragraph(entry.alpha < 0.7 ? `${text} ${t.method.alphaLow}` : text);
  });
  const missing = incomplete.map((entry) =>
    paragraph(fill(t.method.incompleteItem, { instrument: ctx.instrumentName(entry.instrument), dimension: ctx.dimensionLabel(entry), n: f.integer(entry.responses) })),
  );
  return [keepTogether(heading(t.method.alphaHeading, 2), paragraph(t.method.alphaIntro), ...lines, ...missing)];
}
