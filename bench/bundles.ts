/**
 * Lambda bundles: each functions/<stage>/handler.ts bundled with the CDK stack's esbuild options
 * (bench/lib/bundle.ts), its size, and the time to import() it in a fresh Node process (median of 5),
 * with NODE_OPTIONS as deployed (--enable-source-maps) and, for contrast, without.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { STAGES } from '../infra/handler-entries.ts';
import { bundleLikeCdk, copyRenderAssets, PROJECT_ROOT } from './lib/bundle.ts';
import { median } from './lib/proc.ts';

const run = promisify(execFile);
export const BUNDLE_DIR = join(import.meta.dirname, '.work', 'bundles');

export interface BundleFigures {
  bundleBytes: Record<string, number>;
  bundleMapBytes: Record<string, number>;
  bundleLoadMs: Record<string, number>;
  bundleLoadMsNoSourceMaps: Record<string, number>;
}

async function importMs(file: string, cwd: string, sourceMaps: boolean): Promise<number> {
  const url = pathToFileURL(file).href;
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(url)}); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(performance.now() - t);`;
  // Only what Lambda provides: no Effekt variables (the bundle test checks import-time reads).
  const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1', AWS_LAMBDA_FUNCTION_NAME: 'effekt-bench', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const args = [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script];
  const { stdout } = await run(process.execPath, args, { env, cwd, timeout: 60_000 });
  return Number(stdout.trim().split('\n').at(-1));
}

export async function measureBundles(runs = 5): Promise<BundleFigures> {
  const figures: BundleFigures = { bundleBytes: {}, bundleMapBytes: {}, bundleLoadMs: {}, bundleLoadMsNoSourceMaps: {} };
  for (const stage of STAGES) {
    const entry = join(PROJECT_ROOT, 'functions', stage, 'handler.ts');
    if (!existsSync(entry)) continue;
    const outdir = join(BUNDLE_DIR, stage);
    const { file, bytes, mapBytes } = await bundleLikeCdk(entry, outdir);
    if (stage === 'render') copyRenderAssets(outdir);
    figures.bundleBytes[stage] = bytes;
    figures.bundleMapBytes[stage] = mapBytes;
    const withMaps: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < runs; i++) {
      withMaps.push(await importMs(file, outdir, true));
      without.push(await importMs(file, outdir, false));
    }
    figures.bundleLoadMs[stage] = Math.round(median(withMaps));
    figures.bundleLoadMsNoSourceMaps[stage] = Math.round(median(without));
  }
  return figures;
}

if (import.meta.filename === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await measureBundles())}\n`);
}
