/**
 * Bundles an entry exactly as the CDK stack does (infra/constructs/stage-function.ts → NodejsFunction):
 * the same esbuild arguments aws-cdk-lib passes on the command line
 *   --bundle <entry> --target=node22 --platform=node --format=esm --outfile=<out>/index.mjs --minify
 *   --sourcemap --sources-content=false --banner:js=<ESM_BANNER> --main-fields=module,main
 * (externalModules: [] → no --external; no loader, define, tsconfig or metafile), run from the project root.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESM_BANNER } from '../../infra/constructs/stage-function.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export async function bundleLikeCdk(entry: string, outdir: string): Promise<{ file: string; bytes: number; mapBytes: number }> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
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
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size };
}

/** What infra/effekt-stack.ts copies next to the render bundle (renderAssets). */
export function copyRenderAssets(outdir: string): void {
  const fonts = join(PROJECT_ROOT, 'node_modules/pdfmake/build/fonts/Roboto');
  mkdirSync(join(outdir, 'fonts/Roboto'), { recursive: true });
  for (const f of readdirSync(fonts).filter((n) => n.endsWith('.ttf'))) cpSync(join(fonts, f), join(outdir, 'fonts/Roboto', f));
  cpSync(join(PROJECT_ROOT, 'node_modules/pdfkit/js/data'), join(outdir, 'data'), { recursive: true });
  const ownFonts = join(PROJECT_ROOT, 'report-templates/fonts');
  try {
    if (statSync(ownFonts).isDirectory()) cpSync(ownFonts, join(outdir, 'fonts'), { recursive: true });
  } catch {
    // no own fonts
  }
}
