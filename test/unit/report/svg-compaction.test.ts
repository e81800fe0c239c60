/**
 * compactSvg (functions/core/report/svg-compaction.ts) rewrites the SVG string vega-scenegraph writes with
 * regular expressions. These tests pin that dependency: an upgrade of vega-scenegraph, or a chart spec that
 * makes vega write something the rewriter does not expect, fails here before a report changes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_NAMES, COMPILED_CHARTS, sizeToContent } from '../../../functions/core/report/charts.ts';
import { compactSvg } from '../../../functions/core/report/svg-compaction.ts';
import { parse, resetSVGDefIds, View } from '../../../functions/core/report/vega-core.ts';
import { SAMPLE } from './chart-samples.ts';


/** vega's own SVG for a chart, before compaction. */
async function vegaSvg(name: (typeof CHART_NAMES)[number]): Promise<string> {
  const view = new View(parse(COMPILED_CHARTS[name] as never), { renderer: 'none' });
  const input = SAMPLE[name];
  for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
  for (const [param, value] of Object.entries({ ...input.params, ...sizeToContent(name, input) })) view.signal(param, value);
  resetSVGDefIds();
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The content of every non-empty `<text>` (self-closing ones are empty placeholders), in order. */
const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*(?<!\/)>([\s\S]*?)<\/text>/g)].map((m) => m[1]);
const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;

describe('compactSvg against the SVG vega writes', () => {
  it('is the vega-scenegraph the rewriter was written against', () => {
    // Upgrading? Compare a chart's toSVG() before and after, re-read svg-compaction.ts, look at the report's
    // pages (pdftoppm), then update this version.
    // The package's "exports" hide its package.json from require(): read the installed file.
    const installed = JSON.parse(readFileSync(new URL('../../../node_modules/vega-scenegraph/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(installed.version).toBe('5.3.0');
  });

  it.each(CHART_NAMES)('%s: vega writes only what the rewriter reads', async (name) => {
    const svg = await vegaSvg(name);
    expect(svg.startsWith('<svg')).toBe(true);
    // No comments, CDATA, single-quoted attributes or unclosed leaf elements: the regexes assume none.
    expect(svg).not.toMatch(/<!--|<!\[CDATA\[|=\s*'/);
    expect(svg).not.toMatch(/<(?:line|path|rect)\b[^>]*[^/]>/);
  });

  it.each(CHART_NAMES)('%s: the compacted SVG keeps every text and no group that only translates', async (name) => {
    const svg = await vegaSvg(name);
    const compact = compactSvg(svg);
    expect(texts(compact)).toEqual(texts(svg));
    expect(texts(svg).length).toBeGreaterThan(0);
    expect(compact).not.toMatch(/<g(?: transform="translate\([^)]*\)")?>/);
    expect(count(compact, /<(?:g|path|line|rect|text)\b/g)).toBeLessThan(count(svg, /<(?:g|path|line|rect|text)\b/g));
    // The root element and its size are untouched (charts.ts reads the size from it).
    expect(/^<svg[^>]*>/.exec(compact)?.[0]).toBe(/^<svg[^>]*>/.exec(svg)?.[0]?.replace(/ (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"/g, ''));
  });
});
