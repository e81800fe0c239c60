/**
 * Charts rendered to SVG in Node with the headless vega View (no canvas, no browser). The Vega-Lite specs
 * (report-templates/charts/*.vl.json) are compiled to Vega with the brand theme at build time (`npm run
 * charts`, chart-specs.ts) into report-templates/charts/compiled/*.vg.json: only vega is loaded here, and
 * each compiled spec is parsed to a vega runtime once per process. Specs are imported statically so an
 * esbuild bundle carries them.
 */
import type * as vega from 'vega';
import { Error as vegaError, locale as vegaLocale, parse as vegaParse, resetSVGDefIds, textMetrics, View } from './vega-core.ts';
import reactionDistribution from '../../../report-templates/charts/compiled/reaction-distribution.vg.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/compiled/reaction-programs.vg.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/compiled/change-dumbbell.vg.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/compiled/change-effect.vg.json' with { type: 'json' };
import trend from '../../../report-templates/charts/compiled/trend.vg.json' with { type: 'json' };
import fontMetrics from '../../../report-templates/brand/font-metrics.json' with { type: 'json' };
import type { Locale } from '../model/index.ts';
import { VEGA_LOCALES } from './format.ts';
import { svgSubscripts } from './typography.ts';

/** The compiled Vega specs as imported; vega.parse does not mutate them. */
export const COMPILED_CHARTS = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
} as const;

export type ChartName = keyof typeof COMPILED_CHARTS;
export const CHART_NAMES = Object.keys(COMPILED_CHARTS) as ChartName[];

export type ChartRow = Record<string, string | number | boolean | null>;

export interface ChartInput {
  /** Named datasets, e.g. `{ values: [...] }`, bound to the spec's `{"data": {"name": ...}}`. */
  data: Record<string, ChartRow[]>;
  /** Values for the spec's top-level params (e.g. a scale's domain). */
  params?: Record<string, number | string>;
}

export interface RenderedChart {
  svg: string;
  /** In points: the SVG is drawn 1 px = 1 pt so font sizes in the spec are true point sizes. */
  width: number;
  height: number;
}

const runtimes = new Map<ChartName, vega.Runtime>();

function runtimeFor(name: ChartName): vega.Runtime {
  let runtime = runtimes.get(name);
  if (!runtime) {
    runtime = vegaParse(COMPILED_CHARTS[name] as unknown as vega.Spec);
    runtimes.set(name, runtime);
  }
  return runtime;
}

const vegaLocales = new Map<Locale, vega.LocaleFormatters>();

function vegaLocaleFor(locale: Locale): vega.LocaleFormatters {
  let formatters = vegaLocales.get(locale);
  if (!formatters) {
    const definition = VEGA_LOCALES[locale];
    // vega.locale builds formatters for this view only; the global vega default stays untouched.
    formatters = vegaLocale(definition.number, definition.time);
    vegaLocales.set(locale, formatters);
  }
  return formatters;
}

/** Renders a chart to SVG with data bound by name. */
export async function renderChart(name: ChartName, input: ChartInput, locale: Locale): Promise<RenderedChart> {
  useRobotoMetrics();
  const view = new View(runtimeFor(name), { renderer: 'none', logLevel: vegaError });
  // The constructor's `locale` option wants d3 definitions, not formatters (its typing says otherwise): set it here.
  view.locale(vegaLocaleFor(locale));
  try {
    for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
    for (const [param, value] of Object.entries(input.params ?? {})) view.signal(param, value);
    for (const [signal, value] of Object.entries(sizeToContent(name, input))) view.signal(signal, value);
    // Clip-path ids come from a process-wide counter: reset it so the same chart gives the same SVG.
    resetSVGDefIds();
    const svg = svgSubscripts(compactSvg(await view.toSVG()));
    return { svg, ...sizeOf(svg) };
  } finally {
    view.finalize();
  }
}

/**
 * Panel sizes that follow the content: a before/after chart with one or two rater groups gets wider panels
 * (the specs' width is for three side by side), so a single dimension is not a sliver in a corner.
 */
export function sizeToContent(name: ChartName, input: ChartInput): Record<string, number> {
  if (name !== 'change-dumbbell') return {};
  const panels = new Set((input.data.values ?? []).map((row) => row.rater)).size;
  return panels === 1 ? { child_width: 300 } : panels === 2 ? { child_width: 190 } : {};
}

/**
 * Simplifies vega's SVG for pdfmake, whose svg-to-pdfkit pays per element (style lookups, closures) and per
 * transform (a save/transform/restore in the PDF), and which parses every SVG string three times. Drawn the
 * same (checked page by page with pdftoppm):
 * - drops what only a browser uses (classes, roles, pointer events) and float noise (52.80000000000001);
 * - drops empty texts (`<text …/>`) and invisible paths: placeholders, `display="none"`, and group backgrounds
 *   with neither fill nor stroke (vega's only `fill` on a group is the root's `fill="none"`), but not the
 *   clip-path geometry in `<defs>`;
 * - flattens groups that only translate: their offset moves into the coordinates of what they hold;
 * - draws a run of lines with the same stroke as one path.
 */
export function compactSvg(svg: string): string {
  const defsAt = svg.indexOf('<defs>');
  const body = defsAt === -1 ? svg : svg.slice(0, defsAt);
  const defs = defsAt === -1 ? '' : svg.slice(defsAt);
  const cleaned = body
    .replace(/ (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/ opacity="1"/g, '')
    .replace(/(\d+\.\d{3})\d+/g, '$1')
    .replace(/<path d="[^"]*"(?: display="none")?\/>/g, '')
    .replace(/<path [^>]*display="none"[^>]*\/>/g, '')
    .replace(/<text[^>]*\/>/g, '');
  let flat = flattenTranslates(cleaned);
  for (let previous = ''; previous !== flat; ) {
    previous = flat;
    flat = flat.replace(/<g(?: [^>]*)?><\/g>/g, '');
  }
  return mergeLines(flat) + defs.replace(/(\d+\.\d{3})\d+/g, '$1');
}

const TRANSLATE = /^translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)/;
const num = (value: number) => String(Math.round(value * 1000) / 1000);

/**
 * Removes every `<g>` whose only attribute is a translate (or that has none), moving the offset into its
 * content: a line's or text's coordinates, a path's own translate. Groups with anything else (the root's fill,
 * a clip-path, a rotation) stay, with the offset gathered so far as their translate, and their content starts
 * again from zero.
 */
function flattenTranslates(svg: string): string {
  const frames: { kept: boolean; dx: number; dy: number }[] = [{ kept: true, dx: 0, dy: 0 }];
  const token = /<g(\s[^>]*)?>|<\/g>|<text([^>]*)>([\s\S]*?)<\/text>|<(line|path|rect)(\s[^>]*?)\/>/g;
  return svg.replace(token, (tag, groupAttributes: string | undefined, textAttributes: string | undefined, text: string, leaf: string | undefined, leafAttributes: string) => {
    const { dx, dy } = frames[frames.length - 1]!;
    if (tag === '</g>') return frames.length > 1 && !frames.pop()!.kept ? '' : tag;
    if (tag.startsWith('<g')) {
      const attributes = groupAttributes ?? '';
      const only = /^ transform="([^"]*)"$/.exec(attributes);
      const translate = only ? TRANSLATE.exec(only[1]!) : null;
      if (attributes === '' || (translate && translate[0] === only![1])) {
        frames.push({ kept: false, dx: dx + (translate ? Number(translate[1]) : 0), dy: dy + (translate ? Number(translate[2]) : 0) });
        return '';
      }
      frames.push({ kept: true, dx: 0, dy: 0 });
      return `<g${shifted(attributes, dx, dy)}>`;
    }
    if (textAttributes !== undefined) {
      const attributes = shifted(textAttributes, dx, dy);
      const at = pureTranslate(attributes);
      if (!at || / (?:x|y|dx|dy)="/.test(at.rest) || text.includes('<')) return `<text${attributes}>${text}</text>`;
      return `<text${at.rest} x="${num(at.x)}" y="${num(at.y)}">${text}</text>`;
    }
    if (leaf === 'line') {
      const attributes = shifted(leafAttributes, dx, dy);
      const at = pureTranslate(attributes) ?? (attributes.includes('transform=') ? null : { x: 0, y: 0, rest: attributes });
      if (!at) return `<line${attributes}/>`;
      const ends: Record<string, number> = { x1: 0, y1: 0, x2: 0, y2: 0 };
      const rest = at.rest.replace(/ (x1|y1|x2|y2)="(-?[\d.]+)"/g, (_, name: string, value: string) => {
        ends[name] = Number(value);
        return '';
      });
      return `<line x1="${num(ends.x1! + at.x)}" y1="${num(ends.y1! + at.y)}" x2="${num(ends.x2! + at.x)}" y2="${num(ends.y2! + at.y)}"${rest}/>`;
    }
    return `<${leaf}${shifted(leafAttributes, dx, dy)}/>`;
  });
}

/** The translation of a `transform` that is only a translate, and the other attributes. */
function pureTranslate(attributes: string): { x: number; y: number; rest: string } | null {
  const transform = / transform="([^"]*)"/.exec(attributes);
  const translate = transform ? TRANSLATE.exec(transform[1]!) : null;
  if (!translate || translate[0] !== transform![1]) return null;
  return { x: Number(translate[1]), y: Number(translate[2]), rest: attributes.replace(transform![0], '') };
}

/** Attributes with (dx, dy) prepended to their transform (a leading translate absorbs it). */
function shifted(attributes: string, dx: number, dy: number): string {
  if (dx === 0 && dy === 0) return attributes;
  const transform = / transform="([^"]*)"/.exec(attributes);
  if (!transform) return `${attributes} transform="translate(${num(dx)},${num(dy)})"`;
  const own = TRANSLATE.exec(transform[1]!);
  const value = own
    ? `translate(${num(Number(own[1]) + dx)},${num(Number(own[2]) + dy)})${transform[1]!.slice(own[0].length)}`
    : `translate(${num(dx)},${num(dy)}) ${transform[1]}`;
  return attributes.replace(transform[0], value === 'translate(0,0)' ? '' : ` transform="${value}"`);
}

/** Consecutive `<line>`s with the same stroke attributes as one path of subpaths (vega's lines have no fill). */
function mergeLines(svg: string): string {
  return svg.replace(/(?:<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*"[^>]*\/>)+/g, (run) => {
    const lines = [...run.matchAll(/<line x1="([^"]*)" y1="([^"]*)" x2="([^"]*)" y2="([^"]*)"([^>]*)\/>/g)];
    let out = '';
    for (let i = 0; i < lines.length; ) {
      const rest = lines[i]![5]!;
      let d = '';
      let j = i;
      for (; j < lines.length && lines[j]![5] === rest && !rest.includes('fill') && !rest.includes('opacity'); j++) {
        const [, x1, y1, x2, y2] = lines[j]!;
        d += `M${x1},${y1}L${x2},${y2}`;
      }
      if (j === i) {
        out += lines[i]![0];
        i++;
      } else {
        out += j - i === 1 ? lines[i]![0] : `<path d="${d}"${rest}/>`;
        i = j;
      }
    }
    return out;
  });
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

const BOLD_WEIGHTS = new Set(['bold', 'bolder', '500', '600', '700', '800', '900']);

/**
 * Without a canvas vega guesses text widths generously, which truncates axis labels and wastes space.
 * Roboto's real advance widths make vega's layout match what pdfkit draws.
 */
function useRobotoMetrics(): void {
  if (textMetrics.width === measureRoboto) return;
  textMetrics.width = measureRoboto;
}

function measureRoboto(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const string = value === undefined || value === null ? '' : String(value);
  const size = item.fontSize ?? 11;
  const face = BOLD_WEIGHTS.has(String(item.fontWeight ?? '')) ? fontMetrics.bold : fontMetrics.regular;
  const advances: Record<string, number | undefined> = face.advances;
  let units = 0;
  for (const char of string) units += advances[char] ?? face.unitsPerEm * 0.55;
  return (units * size) / face.unitsPerEm;
}

function sizeOf(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('chart SVG has no width and height');
  return { width: Number(match[1]), height: Number(match[2]) };
}
