/**
 * Before and after, per instrument and programme: pre/post means with the CI of each mean, the mean change
 * with its CI, g_av with its CI beside the benchmark for the level, reliable-change shares and the verdict.
 * Rater groups sit side by side; suppressed groups say so instead of showing figures.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { LEVEL_NUMBER, type ChangeEntry, type InstrumentSummary, type Rater } from '../../model/index.ts';
import type { ChartRow } from '../charts.ts';
import { RATER_ORDER, type ReportContext } from '../context.ts';
import { changeSuppressedReason, showableChange } from '../figures.ts';
import { callout, chartBlock, dataTable, heading, keepTogether, paragraph, sectionStart, spanningCell } from '../layout.ts';
import { fill } from '../texts.ts';
import { studentTQuantile } from '../../stats/distributions.ts';
import { verdictColor } from './summary.ts';

/**
 * t-based 95% CI of a wave's mean from its sd and the number of pairs. Here, not in figures.ts, which the
 * e-mails' findings import too: the t distribution (jStat) stays out of the deliver bundle.
 */
export function meanInterval(mean: number, sd: number | undefined, n: number): [number, number] | null {
  if (sd === undefined || n < 2) return null;
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

const LEVEL_ORDER = { learning: 0, behaviour: 1, results: 2 } as const;

interface Group {
  instrument: InstrumentSummary;
  program: string;
  entries: ChangeEntry[];
}

export async function changeSection(ctx: ReportContext): Promise<Content[]> {
  const { t, metrics } = ctx;
  const groups = groupEntries(ctx);
  // Nothing measured before and after: the pyramid and the key findings already say so, no empty section.
  if (groups.length === 0) return [];
  const intro = paragraph(t.change.intro, 'lead');
  const content: Content[] = [sectionStart(t.change.heading, [intro])];
  for (const group of groups) content.push(...(await instrumentBlock(ctx, group, metrics.programs.length > 1)));
  // Without a shown effect size there is nothing to compare with the benchmark.
  if (groups.some((g) => !g.instrument.descriptiveOnly && g.entries.some((e) => showableChange(e) && e.gav !== undefined))) {
    content.push(keepTogether(heading(t.change.benchmarkCaveatHeading, 3), callout([paragraph(metrics.benchmarks.caveat[ctx.locale], 'note')])));
  }
  return content;
}

function groupEntries(ctx: ReportContext): Group[] {
  const byKey = new Map<string, Group>();
  for (const entry of ctx.metrics.change) {
    const instrument = ctx.instrument(entry.instrument);
    if (!instrument) continue;
    const key = `${entry.instrument}\u0000${entry.program}`;
    const group = byKey.get(key) ?? { instrument, program: entry.program, entries: [] };
    group.entries.push(entry);
    byKey.set(key, group);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      LEVEL_ORDER[a.instrument.level] - LEVEL_ORDER[b.instrument.level] ||
      Number(a.instrument.descriptiveOnly) - Number(b.instrument.descriptiveOnly) ||
      compare(a.instrument.name, b.instrument.name) ||
      compare(a.program, b.program),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dimensionOrder(instrument: InstrumentSummary, dimension: string): number {
  const index = instrument.dimensions.findIndex((d) => d.id === dimension);
  return index === -1 ? instrument.dimensions.length : index;
}

function sortEntries(instrument: InstrumentSummary, entries: ChangeEntry[]): ChangeEntry[] {
  return [...entries].sort(
    (a, b) => dimensionOrder(instrument, a.dimension) - dimensionOrder(instrument, b.dimension) || RATER_ORDER.indexOf(a.rater) - RATER_ORDER.indexOf(b.rater),
  );
}

/** The instrument's heading is kept with its first chart (or its first note). */
async function instrumentBlock(ctx: ReportContext, group: Group, namePrograms: boolean): Promise<Content[]> {
  const { t, f } = ctx;
  const { instrument } = group;
  const entries = sortEntries(instrument, group.entries);
  const name = ctx.instrumentName(instrument.id);
  const title = namePrograms ? `${name} – ${ctx.programName(group.program)}` : name;
  const levelName = ctx.t.pyramid.levels[instrument.level];
  const subtitleParts = [
    fill(t.change.levelLabel, { level: levelName, number: LEVEL_NUMBER[instrument.level] }),
    fill(t.change.scale, { min: f.integer(instrument.scale.min), max: f.integer(instrument.scale.max) }),
  ];
  if (instrument.reliability !== undefined) subtitleParts.push(fill(t.method.reliability, { value: f.number(instrument.reliability, 2) }));
  const subtitle = paragraph(subtitleParts.join(' · '), 'note');

  const showable = entries.filter(showableChange);
  const suppressedNotes = suppressedRaterNotes(ctx, entries);
  const lowerBetter = instrument.dimensions.filter((d) => d.lowerIsBetter).map((d) => fill(t.change.lowerIsBetter, { dimension: d.label[ctx.locale] }));
  const notes: Content[] = [...suppressedNotes, ...lowerBetter].map((text) => paragraph(text, 'note'));
  // Counted per rater group, each person once, exactly as the summary and metrics.json count them.
  const raterGroups = ctx.metrics.raterGroups
    .filter((g) => g.program === group.program && g.instrument === instrument.id)
    .sort((a, b) => RATER_ORDER.indexOf(a.rater) - RATER_ORDER.indexOf(b.rater));
  const others = raterGroups.filter((g) => g.rater !== 'self');
  if (others.length > 0) {
    notes.push(
      paragraph(
        raterGroups
          .map((g) => fill(t.change.raterGroup, { rater: ctx.raterLabel({ instrument: instrument.id, rater: g.rater }), leaders: f.integer(g.leaders), raters: f.integer(g.raters) }))
          .join(' · '),
        'note',
      ),
    );
  }
  const unmatched = raterGroups.reduce((n, g) => n + g.unmatched, 0);
  if (unmatched > 0) notes.push(paragraph(fill(t.change.unmatched, { count: f.integer(unmatched) }), 'note'));

  const head = keepTogether(heading(title, 2), subtitle);
  if (instrument.descriptiveOnly) {
    const reason = instrument.descriptiveReason?.[ctx.locale];
    const body: Content[] = reason ? [callout([paragraph(reason, 'note')])] : [];
    if (showable.length > 0) {
      body.push(await chartBlock(ctx, 'change-dumbbell', dumbbellInput(ctx, instrument, showable, false), { caption: t.change.descriptiveCaption }));
    }
    body.push(...notes, descriptiveTable(ctx, entries));
    return [keepTogether(head, ...body.slice(0, 2)), ...body.slice(2)];
  }

  const blocks: Content[] = [];
  if (showable.length > 0) {
    blocks.push(await chartBlock(ctx, 'change-dumbbell', dumbbellInput(ctx, instrument, showable, true), { caption: t.change.dumbbellCaption }));
    const effects = showable.filter((e) => e.gav !== undefined && e.gavCi95 !== undefined);
    if (effects.length > 0) {
      const benchmark = benchmarkFor(ctx, instrument.level);
      blocks.push(
        await chartBlock(ctx, 'change-effect', effectInput(ctx, instrument, effects, benchmark), {
          heading: t.change.effectHeading,
          caption: fill(t.change.forestCaption, { level: levelName.toLowerCase(), benchmark: f.number(benchmark, 2) }),
        }),
      );
    }
  }
  blocks.push(...notes, changeTable(ctx, entries));
  return [keepTogether(head, ...blocks.slice(0, 1)), ...blocks.slice(1)];
}

export function benchmarkFor(ctx: ReportContext, level: InstrumentSummary['level']): number {
  const { benchmarks } = ctx.metrics;
  return level === 'learning' ? benchmarks.learning : level === 'behaviour' ? benchmarks.transfer : benchmarks.results;
}

function suppressedRaterNotes(ctx: ReportContext, entries: ChangeEntry[]): string[] {
  const byRater = new Map<Rater, ChangeEntry[]>();
  for (const entry of entries) {
    if (showableChange(entry)) continue;
    byRater.set(entry.rater, [...(byRater.get(entry.rater) ?? []), entry]);
  }
  return RATER_ORDER.filter((rater) => byRater.has(rater)).map((rater) => {
    const list = byRater.get(rater) ?? [];
    const first = list[0] as ChangeEntry;
    const reasons = [...new Set(list.map((e) => changeSuppressedReason(ctx, e)))];
    return fill(ctx.t.change.suppressedRater, { rater: ctx.raterLabel(first), reason: reasons.join('; ') });
  });
}

function dumbbellInput(ctx: ReportContext, instrument: InstrumentSummary, entries: ChangeEntry[], withIntervals: boolean) {
  const { chart } = ctx.theme;
  const rows: ChartRow[] = entries.flatMap((entry) => {
    const common = {
      rater: ctx.raterLabel(entry),
      raterOrder: RATER_ORDER.indexOf(entry.rater),
      dimension: ctx.dimensionLabel(entry),
      dimensionOrder: dimensionOrder(instrument, entry.dimension),
    };
    const wave = (order: 0 | 1, mean: number | undefined, sd: number | undefined): ChartRow[] => {
      if (mean === undefined) return [];
      const ci = withIntervals ? meanInterval(mean, sd, entry.pairs) : null;
      return [
        {
          ...common,
          wave: order === 0 ? ctx.t.change.pre : ctx.t.change.post,
          waveOrder: order,
          mean,
          low: ci ? ci[0] : null,
          high: ci ? ci[1] : null,
        },
      ];
    };
    return [...wave(0, entry.preMean, entry.preSd), ...wave(1, entry.postMean, entry.postSd)];
  });
  return {
    data: { values: rows },
    params: { scaleMin: instrument.scale.min, scaleMax: instrument.scale.max, preColor: chart.pre, postColor: chart.post },
  };
}

function effectInput(ctx: ReportContext, instrument: InstrumentSummary, entries: ChangeEntry[], benchmark: number) {
  const rows: ChartRow[] = entries.map((entry) => ({
    dimension: ctx.dimensionLabel(entry),
    dimensionOrder: dimensionOrder(instrument, entry.dimension),
    rater: ctx.raterLabel(entry),
    raterOrder: RATER_ORDER.indexOf(entry.rater),
    gav: entry.gav ?? 0,
    low: entry.gavCi95?.[0] ?? null,
    high: entry.gavCi95?.[1] ?? null,
  }));
  const label = fill(ctx.t.change.benchmarkLabel, { value: ctx.f.number(benchmark, 2) });
  return {
    data: {
      values: rows,
      benchmark: [{ value: benchmark, label, color: ctx.theme.chart.benchmark }],
      zero: [{ value: 0, color: ctx.theme.colors.muted }],
    },
  };
}

function reliableText(ctx: ReportContext, entry: ChangeEntry): string {
  const { reliablyImproved, reliablyUnchanged, reliablyWorse } = entry;
  if (reliablyImproved === undefined || reliablyUnchanged === undefined || reliablyWorse === undefined) return ctx.t.change.none;
  // Shares are stated in the scale's direction; for lower-is-better dimensions "improved" is already oriented by the engine.
  return [reliablyImproved, reliablyUnchanged, reliablyWorse].map((s) => ctx.f.percent(s)).join(' / ');
}

function changeTable(ctx: ReportContext, entries: ChangeEntry[]): Content {
  const { t, f } = ctx;
  const rows: TableCell[][] = entries.map((entry, index) => {
    // The dimension is named once per group of rater rows.
    const label = index > 0 && entries[index - 1]?.dimension === entry.dimension ? '' : ctx.dimensionLabel(entry);
    const rater = ctx.raterLabel(entry);
    if (!showableChange(entry)) {
      return [label, rater, f.integer(entry.pairs), ...spanningCell(fill(t.change.suppressed, { reason: changeSuppressedReason(ctx, entry) }), 6)];
    }
    const verdict = entry.verdict ? t.verdicts[entry.verdict] : t.change.none;
    return [
      label,
      rater,
      f.integer(entry.pairs),
      f.number(entry.preMean ?? 0),
      f.number(entry.postMean ?? 0),
      entry.meanDiff !== undefined && entry.ci95 ? `${f.signed(entry.meanDiff)}\n(${f.interval(entry.ci95)})` : t.change.none,
      entry.gav !== undefined && entry.gavCi95 ? `${f.number(entry.gav, 2)}\n(${f.interval(entry.gavCi95, 2)})` : t.change.none,
      reliableText(ctx, entry),
      { text: verdict, style: 'tableCell', bold: true, color: verdictColor(ctx, entry.verdict) },
    ];
  });
  return dataTable(
    [t.change.dimension, t.change.rater, t.change.pairs, t.change.pre, t.change.post, t.change.diff, t.change.gav, t.change.reliable, t.change.verdict],
    rows,
    [60, 52, 28, 27, 27, 56, 61, 58, '*'],
    { alignRight: [2, 3, 4], groupRows: entries.map((e, i) => i > 0 && entries[i - 1]?.dimension !== e.dimension) },
  );
}

function descriptiveTable(ctx: ReportContext, entries: ChangeEntry[]): Content {
  const { t, f } = ctx;
  const rows: TableCell[][] = entries.map((entry) => {
    const label = ctx.dimensionLabel(entry);
    const rater = ctx.raterLabel(entry);
    if (!showableChange(entry)) return [label, rater, f.integer(entry.pairs), ...spanningCell(fill(t.change.suppressed, { reason: changeSuppressedReason(ctx, entry) }), 2)];
    return [label, rater, f.integer(entry.pairs), f.number(entry.preMean ?? 0), f.number(entry.postMean ?? 0)];
  });
  return dataTable([t.change.dimension, t.change.rater, t.change.pairs, t.change.pre, t.change.post], rows, ['*', 80, 40, 50, 50], { alignRight: [2, 3, 4] });
}
