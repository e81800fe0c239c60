/**
 * `npm run charts`: compiles report-templates/charts/*.vl.json with the brand config (chart-specs.ts) to
 * report-templates/charts/compiled/*.vg.json, and parses each with vega into compiled/*.runtime.json, the
 * dataflow description the renderer builds its vega Views from (no vega-lite and no vega parser in the render
 * bundle, no compile or parse on a cold start). Rerun after changing a spec, the theme, vega-lite or vega;
 * test/unit/report/charts.test.ts fails while a compiled file is stale. Refuses specs that compile with warnings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ChartName } from '../charts.ts';
import { CHART_SPECS, compiledChartJson, runtimeChartJson } from '../chart-specs.ts';

const out = new URL('../../../../report-templates/charts/compiled/', import.meta.url);
mkdirSync(out, { recursive: true });
// Names from the Vega-Lite specs, not charts.ts: that module imports the files written here.
for (const name of Object.keys(CHART_SPECS) as ChartName[]) {
  const logger = { warnings: [] as string[] };
  const json = compiledChartJson(name, logger);
  if (logger.warnings.length > 0) throw new Error(`chart "${name}" compiles with warnings: ${logger.warnings.join('; ')}`);
  writeFileSync(new URL(`${name}.vg.json`, out), json);
  process.stdout.write(`report-templates/charts/compiled/${name}.vg.json\n`);
  writeFileSync(new URL(`${name}.runtime.json`, out), runtimeChartJson(name));
  process.stdout.write(`report-templates/charts/compiled/${name}.runtime.json\n`);
}
