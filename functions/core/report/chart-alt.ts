/**
 * Alternative text for every chart: one sentence stating the chart's message, worded from the same data the
 * chart is drawn from, in the report's language (texts `a11y.*`). A screen-reader user hears what a sighted
 * reader sees at a glance ("all steps 0.3–0.6 points up"), not the chart's name.
 */
import type { ChartInput, ChartName, ChartRow } from './charts.ts';
import type { ReportContext } from './context.ts';
import { fill } from './texts.ts';

export function describeChart(ctx: ReportContext, name: ChartName, input: ChartInput): string {
  const rows = input.data.values ?? [];
  switch (name) {
    case 'change-dumbbell':
      return dumbbell(ctx, rows, input.params ?? {});
    case 'change-effect':
      return effect(ctx, rows, Number(input.data.benchmark?.[0]?.value ?? Number.NaN));
    case 'reaction-distribution':
      return distribution(ctx, rows);
    case 'reaction-programs':
      return programs(ctx, rows);
    case 'trend':
      return trend(ctx, rows);
  }
}

/** "fem dimensioner": small counts as words, as a person would say them. */
export function countWord(ctx: ReportContext, count: number): string {
  return ctx.t.a11y.numbers[count] ?? ctx.f.integer(count);
}

/** "a, b och c". */
export function listText(ctx: ReportContext, items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return fill(ctx.t.a11y.list, { rest: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}

function unique(rows: ChartRow[], key: string): string[] {
  return [...new Set(rows.map((row) => String(row[key])))];
}

function range(ctx: ReportContext, values: number[], decimals: number): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (ctx.f.number(low, decimals) === ctx.f.number(high, decimals)) return ctx.f.number(low, decimals);
  // The report's interval format: spelled out where a dash would read as a minus.
  return ctx.f.interval([low, high], decimals);
}

function ratersText(ctx: ReportContext, rows: ChartRow[]): string {
  const raters = unique(rows, 'rater');
  if (raters.length < 2) return '';
  return fill(ctx.t.a11y.raterGroups, { groups: listText(ctx, raters.map((r) => r.toLowerCase())) });
}

function dimensionsWord(ctx: ReportContext, count: number): string {
  return count === 1 ? ctx.t.a11y.dimension : ctx.t.a11y.dimensions;
}

function dumbbell(ctx: ReportContext, rows: ChartRow[], params: Record<string, number | string>): string {
  const { a11y } = ctx.t;
  const pairs = new Map<string, { pre?: number; post?: number }>();
  for (const row of rows) {
    const key = `${row.dimension}\u0000${row.rater}`;
    const pair = pairs.get(key) ?? {};
    if (row.waveOrder === 0) pair.pre = Number(row.mean);
    else pair.post = Number(row.mean);
    pairs.set(key, pair);
  }
  // Rounded as the chart's reader would read them: a step that rounds to 0,0 is no step.
  const steps = [...pairs.values()].filter((p) => p.pre !== undefined && p.post !== undefined).map((p) => Math.round(((p.post ?? 0) - (p.pre ?? 0)) * 10) / 10);
  const up = steps.filter((s) => s > 0);
  const down = steps.filter((s) => s < 0).map((s) => -s);
  const same = steps.length - up.length - down.length;
  let summary: string;
  if (steps.length === 0 || same === steps.length) summary = a11y.allSame;
  else if (up.length === steps.length) summary = fill(steps.length === 1 ? a11y.oneUp : a11y.allUp, { range: range(ctx, up, 1) });
  else if (down.length === steps.length) summary = fill(steps.length === 1 ? a11y.oneDown : a11y.allDown, { range: range(ctx, down, 1) });
  else {
    const parts: string[] = [];
    if (up.length > 0) parts.push(fill(a11y.stepsUp, { count: countWord(ctx, up.length), range: range(ctx, up, 1) }));
    if (down.length > 0) parts.push(fill(a11y.stepsDown, { count: countWord(ctx, down.length), range: range(ctx, down, 1) }));
    if (same > 0) parts.push(fill(a11y.unchanged, { count: countWord(ctx, same) }));
    summary = listText(ctx, parts);
  }
  const dimensions = unique(rows, 'dimension').length;
  return fill(a11y.dumbbell, {
    count: countWord(ctx, dimensions),
    dimensions: dimensionsWord(ctx, dimensions),
    min: ctx.f.integer(Number(params.scaleMin ?? 0)),
    max: ctx.f.integer(Number(params.scaleMax ?? 0)),
    raters: ratersText(ctx, rows),
    summary,
  });
}

function effect(ctx: ReportContext, rows: ChartRow[], benchmark: number): string {
  const { a11y } = ctx.t;
  const values = rows.map((r) => Number(r.gav));
  let above = 0;
  let within = 0;
  let below = 0;
  for (const row of rows) {
    const low = row.low === null ? Number(row.gav) : Number(row.low);
    const high = row.high === null ? Number(row.gav) : Number(row.high);
    if (low > benchmark) above++;
    else if (high < benchmark) below++;
    else within++;
  }
  const verdicts = [
    above > 0 ? fill(a11y.effectAbove, { count: countWord(ctx, above) }) : '',
    within > 0 ? fill(a11y.effectWithin, { count: countWord(ctx, within) }) : '',
    below > 0 ? fill(a11y.effectBelow, { count: countWord(ctx, below) }) : '',
  ].filter((v) => v !== '');
  const dimensions = unique(rows, 'dimension').length;
  const common = {
    count: countWord(ctx, dimensions),
    dimensions: dimensionsWord(ctx, dimensions),
    raters: ratersText(ctx, rows),
    range: range(ctx, values, 2),
    benchmark: ctx.f.number(benchmark, 2),
  };
  if (rows.length === 1) return fill(a11y.effectOne, { ...common, verdict: above ? a11y.placeAbove : below ? a11y.placeBelow : a11y.placeWithin });
  return fill(a11y.effect, { ...common, intervals: ctx.f.integer(rows.length), verdicts: listText(ctx, verdicts) });
}

function distribution(ctx: ReportContext, rows: ChartRow[]): string {
  const { a11y } = ctx.t;
  const questions = unique(rows, 'question');
  const shares = questions.map((question) => {
    const answers = rows.filter((r) => r.question === question);
    const total = answers.reduce((sum, r) => sum + Number(r.count), 0);
    const top = answers.filter((r) => r.topTwo === true).reduce((sum, r) => sum + Number(r.count), 0);
    return { question, total, share: total > 0 ? top / total : 0 };
  });
  return fill(a11y.distribution, {
    count: countWord(ctx, questions.length),
    questions: questions.length === 1 ? a11y.question : a11y.questionsPlural,
    n: ctx.f.integer(Math.max(0, ...shares.map((s) => s.total))),
    shares: listText(
      ctx,
      shares.map((s) => fill(a11y.shareFor, { share: ctx.f.percent(s.share), question: s.question.toLowerCase() })),
    ),
  });
}

function programs(ctx: ReportContext, rows: ChartRow[]): string {
  const { a11y } = ctx.t;
  const sorted = [...rows].sort((a, b) => Number(a.mean) - Number(b.mean));
  const lowest = sorted[0];
  const highest = sorted[sorted.length - 1];
  const label = (row: ChartRow | undefined) => (row ? `${row.program}, ${String(row.question).toLowerCase()}` : '');
  const programCount = unique(rows, 'program').length;
  const questionCount = unique(rows, 'question').length;
  return fill(a11y.programMeans, {
    count: countWord(ctx, programCount),
    programs: programCount === 1 ? a11y.programOne : a11y.programMany,
    questionCount: countWord(ctx, questionCount),
    questions: questionCount === 1 ? a11y.question : a11y.questionsPlural,
    lowest: ctx.f.number(Number(lowest?.mean ?? 0)),
    lowestLabel: label(lowest),
    highest: ctx.f.number(Number(highest?.mean ?? 0)),
    highestLabel: label(highest),
  });
}

/** The trend chart's panels: 0 means (one decimal), 1 NPS (signed integer), 2 median effect size (two decimals). */
function trend(ctx: ReportContext, rows: ChartRow[]): string {
  const { a11y } = ctx.t;
  const years = unique(rows, 'year').sort();
  const format = (row: ChartRow) => {
    const value = Number(row.value);
    if (row.panelOrder === 1) return ctx.f.signed(value, 0);
    return ctx.f.number(value, row.panelOrder === 2 ? 2 : 1);
  };
  const changes = unique(rows, 'series').flatMap((series) => {
    const points = rows.filter((r) => r.series === series).sort((a, b) => String(a.year).localeCompare(String(b.year)));
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last || first === last) return [];
    return [fill(a11y.trendSeries, { series, first: `${format(first)} (${first.year})`, last: `${format(last)} (${last.year})` })];
  });
  return fill(a11y.trend, { from: years[0] ?? '', to: years[years.length - 1] ?? '', changes: changes.join('; ') });
}
