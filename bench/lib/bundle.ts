/**
 * Bundles an entry exactly as the CDK stack does (infra/constructs/stage-function.ts → NodejsFunction):
 * the same esbuild arguments aws-cdk-lib passes on the command line
 *   --bundle <entry> --target=node22 --platform=node --format=esm --outfile=<out>/index.mjs --minify
 *   --sourcemap --sources-content=false --banner:js=<ESM_BANNER> --main-fields=module,main
 * plus the stage's own part from infra/bundling.ts (--alias, --external for lazy modules), then the same
 * after-bundling commands (lazy modules beside index.mjs, run-time files), run from the project root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { bundlingCommands, lazyModulePath, stageBundling } from '../../infra/bundling.ts';
import { ESM_BANNER } from '../../infra/constructs/stage-function.ts';
import type { Stage } from '../../infra/handler-entries.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface BuiltBundle {
  file: string;
  /** index.mjs alone. */
  bytes: number;
  /** index.mjs and the chunks it imports statically (code-split stages): what every cold start compiles. */
  coldStartBytes: number;
  mapBytes: number;
  /** Each lazy module's bytes (compiled only when first imported). */
  lazyBytes: Record<string, number>;
}

/** `stage` picks the deployed stage's bundling; an entry that is not a handler (the render bench) names the stage it stands for. */
export async function bundleLikeCdk(entry: string, outdir: string, stage: Stage): Promise<BuiltBundle> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  const bundling = stageBundling(stage, PROJECT_ROOT);
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    target: 'node22',
    platform: 'node',
    format: 'esm',
    outfile: file,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_BANNER },
    mainFields: ['module', 'main'],
    alias: bundling.alias,
    external: bundling.lazyModules,
    logLevel: 'error',
  });
  for (const command of bundlingCommands(bundling, PROJECT_ROOT, outdir, ESM_BANNER, relative(PROJECT_ROOT, entry))) {
    execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const lazyBytes = Object.fromEntries(bundling.lazyModules.map((m) => [m, statSync(join(outdir, lazyModulePath(m).file)).size]));
  const coldStartBytes = coldStartFiles(outdir).reduce((sum, f) => sum + statSync(join(outdir, f)).size, 0);
  return { file, bytes: statSync(file).size, coldStartBytes, mapBytes: statSync(`${file}.map`).size, lazyBytes };
}

/** Every file of a bundle directory, in bytes: what the Lambda asset holds. */
export function directoryBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

/**
 * The files of a bundle directory that a cold start loads: index.mjs and the chunks it imports statically,
 * transitively (esbuild's code splitting writes `import{…}from"./chunk-….mjs"`); not what `import()` loads later.
 */
export function coldStartFiles(dir: string): string[] {
  const loaded = ['index.mjs'];
  for (const file of loaded) {
    for (const [, chunk] of readFileSync(join(dir, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.mjs)"/g)) if (!loaded.includes(chunk!)) loaded.push(chunk!);
  }
  return loaded;
}
