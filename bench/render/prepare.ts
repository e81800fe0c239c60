/**
 * Child process of the bench: renders the sodertalje 2025 report once with our renderer and records,
 * for the Chromium baseline, every chart exactly as the renderer bound it (spec name, named datasets,
 * params, locale) plus the text of each PDF page. Charts are captured from vega's View prototype
 * (data/signal/runAsync: the renderer lays each chart out with one runAsync and draws its scenegraph), so
 * the renderer needs no bench hook; a View's description() is the spec's description, which names the
 * chart. The chart's size is taken from vega's own SVG of the same view, as the baseline page draws it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { CHART_SPECS, chartConfig } from '../../functions/core/report/chart-specs.ts';
import { renderReport, type ReportInput } from '../../functions/core/report/index.ts';
import { VEGA_LOCALES } from '../../functions/core/report/format.ts';

const WORK = join(import.meta.dirname, '..', '.work');

interface CapturedChart {
  name: string;
  data: Record<string, unknown[]>;
  params: Record<string, unknown>;
  width: number;
  height: number;
}

const byDescription = new Map<string, string>(
  Object.entries(CHART_SPECS).map(([name, spec]) => [(spec as { description?: string }).description ?? name, name]),
);
const captured: CapturedChart[] = [];
const pending = new WeakMap<object, { data: Record<string, unknown[]>; params: Record<string, unknown> }>();

type ViewProto = {
  data(this: vega.View, name: string, values?: unknown): unknown;
  signal(this: vega.View, name: string, value?: unknown): unknown;
  toSVG(this: vega.View, scale?: number): Promise<string>;
  runAsync(this: vega.View, ...args: unknown[]): Promise<vega.View>;
};
const proto = vega.View.prototype as unknown as ViewProto;
const originalData = proto.data;
const originalSignal = proto.signal;
const originalToSVG = proto.toSVG;
const originalRunAsync = proto.runAsync;
const stateOf = (view: object) => {
  let state = pending.get(view);
  if (!state) {
    state = { data: {}, params: {} };
    pending.set(view, state);
  }
  return state;
};
proto.data = function (name, ...rest) {
  if (rest.length > 0) stateOf(this).data[name] = structuredClone(rest[0] as unknown[]);
  return originalData.call(this, name, ...(rest as [unknown]));
};
proto.signal = function (name, ...rest) {
  if (rest.length > 0) stateOf(this).params[name] = rest[0];
  return originalSignal.call(this, name, ...(rest as [unknown]));
};
// vega's toSVG runs the view itself: the size lookup below must not be captured as another chart.
let sizing = false;
proto.runAsync = async function (...args) {
  const view = await originalRunAsync.apply(this, args);
  if (sizing) return view;
  sizing = true;
  const svg = await originalToSVG.call(this).finally(() => {
    sizing = false;
  });
  const description = this.description() ?? '';
  const name = byDescription.get(description);
  if (!name) throw new Error(`bench capture: unknown chart "${description}"`);
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  captured.push({ name, ...stateOf(this), width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) });
  return view;
};

async function pageTexts(pdf: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const lines: string[] = [];
    let line = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        if (line.trim()) lines.push(line.trim());
        line = '';
      } else line += ' ';
    }
    if (line.trim()) lines.push(line.trim());
    pages.push(lines);
  }
  await doc.destroy();
  return pages;
}

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(join(WORK, 'render-input.json'), 'utf8')) as ReportInput;
  const pdf = await renderReport(input);
  writeFileSync(join(WORK, 'ours.pdf'), pdf);
  const pages = await pageTexts(pdf);
  // Charts in render order; the text of the chart's own SVG (axis labels) is in the page text too, so
  // drop nothing: the baseline page typesets the same words plus the same charts.
  const locale = input.settings.locale;
  const baseline = {
    locale,
    vegaLocale: VEGA_LOCALES[locale],
    config: chartConfig(),
    specs: CHART_SPECS,
    charts: captured,
    pages,
  };
  // A renderer change that bypassed the capture would silently give Chromium a report without charts.
  if (captured.length === 0) throw new Error('bench capture: no chart was captured; the baseline would print none');
  writeFileSync(join(WORK, 'baseline-report.json'), JSON.stringify(baseline));
  process.stdout.write(`${JSON.stringify({ pdfBytes: pdf.byteLength, pages: pages.length, charts: captured.length, chartNames: captured.map((c) => c.name) })}\n`);
}

await main();
