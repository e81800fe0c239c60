/** Every chart spec is checked the way vega-lite checks its examples: schema-valid, compiles silently, never mutated. */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import schema from 'vega-lite/vega-lite-schema.json' with { type: 'json' };
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, COMPILED_CHARTS, renderChart, type ChartName } from '../../../functions/core/report/charts.ts';
import { compactSvg } from '../../../functions/core/report/svg-compaction.ts';
import { SAMPLE } from './chart-samples.ts';
import { CHART_SPECS, compileChart, compiledChartJson } from '../../../functions/core/report/chart-specs.ts';

const CHART_DIR = new URL('../../../report-templates/charts/', import.meta.url);
const COMPILED_DIR = new URL('compiled/', CHART_DIR);
const specFiles = readdirSync(CHART_DIR).filter((f) => f.endsWith('.vl.json')).sort();

/** Every `data` object anywhere in a spec. */
function dataSources(node: unknown): object[] {
  if (Array.isArray(node)) return node.flatMap(dataSources);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'data' && value !== null && typeof value === 'object' ? [value as object, ...dataSources(value)] : dataSources(value),
  );
}

function readSpec(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, CHART_DIR), 'utf8'));
}

describe('chart specs', () => {
  let validate: ReturnType<Ajv['compile']>;
  beforeAll(() => {
    // vega-lite's schema is draft-07 with union types and a "color-hex" format; formats are vega-lite's own business.
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false });
    validate = ajv.compile(schema);
  });

  it('every spec file is registered and every registered spec has a file', () => {
    expect(specFiles.map((f) => f.replace(/\.vl\.json$/, ''))).toEqual([...CHART_NAMES].sort());
    expect(Object.keys(CHART_SPECS).sort()).toEqual([...CHART_NAMES].sort());
  });

  it('every spec has exactly one compiled Vega file, and nothing else is in compiled/', () => {
    const compiled = readdirSync(COMPILED_DIR).sort();
    expect(compiled).toEqual(specFiles.map((f) => f.replace(/\.vl\.json$/, '.vg.json')));
  });

  describe.each(specFiles)('%s', (file) => {
    const name = file.replace(/\.vl\.json$/, '') as ChartName;

    it('is valid against the Vega-Lite JSON schema', () => {
      const ok = validate(readSpec(file));
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
    });

    it('binds its data by name, not inline', () => {
      const sources = dataSources(readSpec(file));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(Object.keys(source)).toEqual(['name']);
    });

    it('compiles without warnings', () => {
      const logger = { warnings: [] as string[] };
      compileChart(name, logger);
      expect(logger.warnings).toEqual([]);
    });

    it('is compiled: compiled/*.vg.json equals compiling it now with the brand config (else run `npm run charts`)', () => {
      const committed = readFileSync(new URL(file.replace(/\.vl\.json$/, '.vg.json'), COMPILED_DIR), 'utf8');
      expect(committed).toBe(compiledChartJson(name));
      expect(CHART_SPECS[name]).toEqual(readSpec(file));
    });

    it('renders Swedish text to SVG and leaves the spec untouched', async () => {
      const chart = await renderChart(name, SAMPLE[name], 'sv');
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(chart.width).toBeGreaterThan(50);
      expect(chart.width).toBeLessThanOrEqual(500);
      expect(chart.svg).toContain('font-family="Roboto"');
      expect(CHART_SPECS[name]).toEqual(readSpec(file));
      expect(COMPILED_CHARTS[name]).toEqual(JSON.parse(readFileSync(new URL(file.replace(/\.vl\.json$/, '.vg.json'), COMPILED_DIR), 'utf8')));
    });
  });

  it('formats axis numbers in the report locale', async () => {
    const input = SAMPLE['change-effect'];
    const sv = await renderChart('change-effect', input, 'sv');
    const en = await renderChart('change-effect', input, 'en');
    expect(sv.svg).toMatch(/>−0,[2-6]</);
    expect(en.svg).toMatch(/>−0\.[2-6]</);
  });

  it('gives the same SVG for the same input', async () => {
    const first = await renderChart('trend', SAMPLE.trend, 'sv');
    const second = await renderChart('trend', SAMPLE.trend, 'sv');
    expect(second.svg).toBe(first.svg);
  });

  it('compacts SVG without touching what is drawn', () => {
    const svg = '<svg><g class="mark" role="x" aria-label="y"><path class="background" aria-hidden="true" d="M0,0h0v0h0Z"/><text opacity="1" x="52.80000000000001">Å</text></g></svg>';
    expect(compactSvg(svg)).toBe('<svg><text x="52.800">Å</text></svg>');
    // A group background with neither fill nor stroke draws nothing (the root group says fill="none").
    expect(compactSvg('<g transform="translate(1,2)"><g><path d="M1,1"/><path d="M1,1" fill="#000"/></g></g>')).toBe('<path d="M1,1" fill="#000" transform="translate(1,2)"/>');
  });

  it('moves translate-only groups into the coordinates of what they hold', () => {
    expect(compactSvg('<g transform="translate(10,20)"><text transform="translate(1,2)" fill="#000">A</text><text fill="#000"/></g>')).toBe('<text fill="#000" x="11" y="22">A</text>');
    expect(compactSvg('<g transform="translate(10,20)"><text transform="translate(1,2) rotate(-90)">A</text></g>')).toBe('<text transform="translate(11,22) rotate(-90)">A</text>');
    // A clip path is in the coordinates of the group that uses it: that group keeps the offset as its transform.
    const clipped = '<g transform="translate(5,5)"><g clip-path="url(#c)"><path d="M0,0h2v2h-2Z" fill="#000"/></g></g><defs><clipPath id="c"><path d="M0,0h1v1h-1Z"/></clipPath></defs>';
    expect(compactSvg(clipped)).toBe('<g clip-path="url(#c)" transform="translate(5,5)"><path d="M0,0h2v2h-2Z" fill="#000"/></g><defs><clipPath id="c"><path d="M0,0h1v1h-1Z"/></clipPath></defs>');
  });

  it('draws a run of lines with the same stroke as one path', () => {
    const ticks = '<g transform="translate(0.5,0.5)"><line transform="translate(0,10)" x2="-5" y2="0" stroke="#ccc"/><line transform="translate(0,20)" x2="-5" y2="0" stroke="#ccc"/><line x2="9" stroke="#000"/></g>';
    expect(compactSvg(ticks)).toBe('<path d="M0.5,10.5L-4.5,10.5M0.5,20.5L-4.5,20.5" stroke="#ccc"/><line x1="0.5" y1="0.5" x2="9.5" y2="0.5" stroke="#000"/>');
  });
});
