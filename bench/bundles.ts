/**
 * Lambda bundles: each functions/<stage>/handler.ts bundled with the CDK stack's esbuild options
 * (bench/lib/bundle.ts), its size, and the time to import() it in a fresh Node process (median of 9),
 * with the stage's deployed NODE_OPTIONS as flags (no stage has --enable-source-maps) and, for contrast, with it added.
 * Lazy modules shipped beside a bundle (infra/bundling.ts) are timed separately: the extra time of the
 * first `import()` that needs one, after the handler has loaded. The AWS SDK's off-Lambda credential links
 * are only sized: Lambda never loads them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_CREDENTIAL_LINKS } from '../infra/bundling.ts';
import { nodeOptionsFor } from '../infra/constructs/stage-function.ts';
import { STAGES, type Stage } from '../infra/handler-entries.ts';
import { bundleLikeCdk, directoryBytes, PROJECT_ROOT } from './lib/bundle.ts';
import { median } from './lib/proc.ts';

const run = promisify(execFile);
export const BUNDLE_DIR = join(import.meta.dirname, '.work', 'bundles');

export interface BundleFigures {
  /** index.mjs alone. */
  bundleBytes: Record<string, number>;
  /** index.mjs and the chunks it loads with it (render and api are code-split): what a cold start compiles. */
  bundleColdStartBytes: Record<string, number>;
  bundleMapBytes: Record<string, number>;
  /** As deployed: with --enable-source-maps only where the stage's NODE_OPTIONS has it (none now). */
  bundleLoadMs: Record<string, number>;
  bundleLoadMsWithSourceMaps: Record<string, number>;
  bundleLoadMsNoSourceMaps: Record<string, number>;
  /** Every file the function's asset holds (index.mjs, map, lazy modules, fonts). */
  assetBytes: Record<string, number>;
  /** `<stage> <module>` → bytes of a lazy module beside index.mjs. */
  lazyModuleBytes: Record<string, number>;
  /** `<stage> <module>` → ms the first import() of that module adds once the handler is loaded. */
  lazyModuleLoadMs: Record<string, number>;
}

async function importMs(stage: Stage, file: string, cwd: string, sourceMaps: boolean, lazyModule?: string): Promise<number> {
  const url = pathToFileURL(file).href;
  // A lazy module is resolved from the bundle directory (cwd), as index.mjs's own import() resolves it.
  const lazy = lazyModule === undefined ? '' : `const l = performance.now(); const lm = await import(${JSON.stringify(lazyModule)}); if (Object.keys(lm).length === 0) throw new Error('nothing exported'); console.log(performance.now() - l);`;
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(url)}); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(performance.now() - t); ${lazy}`;
  // Only what Lambda provides: no Effekt variables (the bundle test checks import-time reads).
  const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1', AWS_LAMBDA_FUNCTION_NAME: 'effekt-bench', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  // The stage's deployed NODE_OPTIONS as flags (render's and ingest's V8 settings change how the import compiles and collects);
  // render's preload is read from the bundle directory, as Lambda reads it from its task root.
  const deployed = nodeOptionsFor(stage, cwd).split(' ').filter((flag) => flag !== '' && flag !== '--enable-source-maps');
  const args = [...deployed, ...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script];
  const { stdout } = await run(process.execPath, args, { env, cwd, timeout: 60_000 });
  return Number(stdout.trim().split('\n').at(-1));
}

// Nine processes, not five: one import's wall time varies from process to process by more than the goal's margin, and the
// median of five moved with it from run to run (docs/benchmarks.md, tenth pass).
export async function measureBundles(runs = 9): Promise<BundleFigures> {
  const figures: BundleFigures = { bundleBytes: {}, bundleColdStartBytes: {}, bundleMapBytes: {}, bundleLoadMs: {}, bundleLoadMsWithSourceMaps: {}, bundleLoadMsNoSourceMaps: {}, assetBytes: {}, lazyModuleBytes: {}, lazyModuleLoadMs: {} };
  for (const stage of STAGES) {
    const entry = join(PROJECT_ROOT, 'functions', stage, 'handler.ts');
    if (!existsSync(entry)) continue;
    const outdir = join(BUNDLE_DIR, stage);
    const { file, bytes, coldStartBytes, mapBytes, lazyBytes } = await bundleLikeCdk(entry, outdir, stage);
    figures.bundleBytes[stage] = bytes;
    figures.bundleColdStartBytes[stage] = coldStartBytes;
    figures.bundleMapBytes[stage] = mapBytes;
    figures.assetBytes[stage] = directoryBytes(outdir);
    const withMaps: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < runs; i++) {
      withMaps.push(await importMs(stage, file, outdir, true));
      without.push(await importMs(stage, file, outdir, false));
    }
    const sourceMaps = nodeOptionsFor(stage).includes('--enable-source-maps');
    figures.bundleLoadMsWithSourceMaps[stage] = Math.round(median(withMaps));
    figures.bundleLoadMsNoSourceMaps[stage] = Math.round(median(without));
    figures.bundleLoadMs[stage] = sourceMaps ? figures.bundleLoadMsWithSourceMaps[stage] : figures.bundleLoadMsNoSourceMaps[stage];
    for (const [lazyModule, lazyModuleBytes] of Object.entries(lazyBytes)) {
      const key = `${stage} ${lazyModule}`;
      figures.lazyModuleBytes[key] = lazyModuleBytes;
      if (AWS_CREDENTIAL_LINKS.includes(lazyModule)) continue;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await importMs(stage, file, outdir, sourceMaps, lazyModule));
      figures.lazyModuleLoadMs[key] = Math.round(median(times));
    }
  }
  return figures;
}

if (import.meta.filename === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await measureBundles())}\n`);
}
