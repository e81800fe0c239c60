/** Every chart spec is checked the way vega-lite checks its examples: schema-valid, compiles silently, never mutated. */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import schema from 'vega-lite/vega-lite-schema.json' with { type: 'json' };
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, chartRuntime, layoutChart, type ChartName } from '../../../functions/core/report/charts.ts';
import { COMPILED_CHARTS, SAMPLE, sceneTexts } from './chart-samples.ts';
import { CHART_SPECS, compileChart, compiledChartJson, runtimeChartJson } from '../../../functions/core/report/chart-specs.ts';

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

  it('every spec has exactly one compiled Vega file and one runtime file, and nothing else is in compiled/', () => {
    const compiled = readdirSync(COMPILED_DIR).sort();
    expect(compiled).toEqual(specFiles.flatMap((f) => [f.replace(/\.vl\.json$/, '.runtime.json'), f.replace(/\.vl\.json$/, '.vg.json')]).sort());
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

    it('is parsed: compiled/*.runtime.json equals vega parsing the compiled spec now (else run `npm run charts`)', () => {
      const committed = readFileSync(new URL(file.replace(/\.vl\.json$/, '.runtime.json'), COMPILED_DIR), 'utf8');
      expect(committed).toBe(runtimeChartJson(name));
      expect(chartRuntime(name)).toEqual((JSON.parse(committed) as { runtime: unknown }).runtime);
    });

    it('lays out Swedish text in Roboto and leaves the spec untouched', async () => {
      const chart = await layoutChart(name, SAMPLE[name], 'sv');
      expect(chart.width).toBeGreaterThan(50);
      expect(chart.width).toBeLessThanOrEqual(500);
      const texts = sceneTexts(chart.root);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text.font).toBe('Roboto');
      expect(CHART_SPECS[name]).toEqual(readSpec(file));
      expect(COMPILED_CHARTS[name]).toEqual(JSON.parse(readFileSync(new URL(file.replace(/\.vl\.json$/, '.vg.json'), COMPILED_DIR), 'utf8')));
    });
  });

  it('formats axis numbers in the report locale', async () => {
    const input = SAMPLE['change-effect'];
    const sv = await layoutChart('change-effect', input, 'sv');
    const en = await layoutChart('change-effect', input, 'en');
    expect(sceneTexts(sv.root).map((t) => t.text)).toContainEqual(expect.stringMatching(/^−0,[2-6]$/));
    expect(sceneTexts(en.root).map((t) => t.text)).toContainEqual(expect.stringMatching(/^−0\.[2-6]$/));
  });
});
