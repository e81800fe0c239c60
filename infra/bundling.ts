import { join } from 'node:path';
import type { Stage } from './handler-entries.ts';

/**
 * How each stage's bundle differs from the esbuild options all stages share (constructs/stage-function.ts).
 * One description, read by the CDK stack and by the bench (bench/lib/bundle.ts), so the bundles measured
 * are the bundles deployed.
 */
export interface StageBundling {
  /** esbuild `--alias`: package path → a file of this repository that replaces it in the bundle. */
  alias: Record<string, string>;
  /**
   * Packages the code only imports lazily (`await import(...)`, default export). Each is left out of
   * index.mjs and shipped beside it, pre-bundled and minified, as `node_modules/<specifier>`: Node resolves
   * the same `import()` there at run time, and V8 compiles that code only when it is first needed instead
   * of at every cold start (with one file, a lazy import still costs its full parse at load).
   */
  lazyModules: string[];
  /**
   * Worker-thread entries: output file beside index.mjs → source file (relative to the project root).
   * Each is bundled on its own like index.mjs; the code starts it with `new URL('./<file>', import.meta.url)`.
   */
  workers: Record<string, string>;
  /** Shell commands copying run-time files next to the bundle. */
  assets: (inputDir: string, outputDir: string) => string[];
}

/** nodemailer's MIME composer: only needed when a stage actually writes an email. */
const MAIL_COMPOSER = 'nodemailer/lib/mail-composer/index.js';

/**
 * Files the render bundle needs at run time besides index.mjs (JSON templates are bundled as imports).
 * pdfmake reads fonts from paths and pdfkit reads its AFM/ICC data from `${__dirname}/data`, which in
 * the bundle is the bundle directory (see ESM_BANNER). Layout next to index.mjs:
 *   fonts/Roboto/*.ttf    pdfmake's Roboto (å ä ö; no arrows)
 *   fonts/*               report-templates/fonts/, if the report work adds fonts there
 *   data/*.afm, *.icc     pdfkit's standard-font metrics and sRGB profile
 */
const renderAssets = (inputDir: string, outputDir: string): string[] => [
  `mkdir -p "${outputDir}/fonts/Roboto" "${outputDir}/data"`,
  `cp "${inputDir}"/node_modules/pdfmake/build/fonts/Roboto/*.ttf "${outputDir}/fonts/Roboto/"`,
  `cp "${inputDir}"/node_modules/pdfkit/js/data/* "${outputDir}/data/"`,
  `if [ -d "${inputDir}/report-templates/fonts" ]; then cp -R "${inputDir}/report-templates/fonts/." "${outputDir}/fonts/"; fi`,
];

const none = (): string[] => [];

export function stageBundling(stage: Stage, projectRoot: string): StageBundling {
  switch (stage) {
    case 'ingest':
      // exceljs with JSZip, unzipper, bluebird & co. is ~0.9 MB, and most uploads are CSV.
      return {
        alias: {},
        lazyModules: ['exceljs', MAIL_COMPOSER],
        // Pseudonymises respondent ids beside the parser (functions/ingest/pseudonym-thread.ts).
        workers: { 'pseudonym-worker.mjs': 'functions/ingest/pseudonym-worker.ts' },
        assets: none,
      };
    case 'render':
      return {
        alias: { 'brotli/decompress.js': join(projectRoot, 'functions/render/brotli-decompress.ts') },
        lazyModules: [MAIL_COMPOSER],
        workers: {},
        assets: renderAssets,
      };
    case 'deliver':
    case 'feedback':
      return { alias: {}, lazyModules: [MAIL_COMPOSER], workers: {}, assets: none };
    case 'compute':
    case 'api':
      return { alias: {}, lazyModules: [], workers: {}, assets: none };
  }
}

/** Single-quotes a word for bash. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Where a lazy module lives beside index.mjs, relative to the bundle directory. */
export function lazyModulePath(specifier: string): { file: string; packageDir: string; packageJson: Record<string, string> } {
  const parts = specifier.split('/');
  const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const subpath = specifier.slice(packageName.length + 1);
  const packageDir = `node_modules/${packageName}`;
  // No "exports" map: Node then resolves a subpath import to the file of that name.
  return subpath
    ? { file: `${packageDir}/${subpath}`, packageDir, packageJson: { name: packageName, type: 'module' } }
    : { file: `${packageDir}/index.js`, packageDir, packageJson: { name: packageName, type: 'module', main: 'index.js' } };
}

/**
 * The esbuild command (the project's own binary, run from the project root) that bundles standard input,
 * or `entry` when given, into `outfile` with index.mjs's target and banner. Only strings: CDK also builds
 * these commands for Docker paths (/asset-input) it never runs.
 */
function esbuildCommand(inputDir: string, outfile: string, banner: string, entry?: string): string {
  const esbuild = join(inputDir, 'node_modules/.bin/esbuild');
  const args = [...(entry ? [entry] : []), '--bundle', '--platform=node', '--format=esm', '--target=node22', '--minify', '--main-fields=module,main', '--log-level=warning', `--banner:js=${banner}`, `--outfile=${outfile}`];
  return `(cd ${shellWord(inputDir)} && ${shellWord(esbuild)} ${args.map(shellWord).join(' ')})`;
}

/**
 * Shell commands that build each lazy module beside the bundle with esbuild (the project's own binary,
 * the same target and banner as index.mjs). The entry re-exports the module's default export, which is
 * how the code uses it; esbuild resolves the specifier from the project root as it would in index.mjs.
 */
function lazyModuleCommands(bundling: StageBundling, inputDir: string, outputDir: string, banner: string): string[] {
  // A missing package fails esbuild, which fails the bundling (CDK joins the commands with &&).
  return bundling.lazyModules.flatMap((specifier) => {
    const { file, packageDir, packageJson } = lazyModulePath(specifier);
    const entry = `export { default } from ${JSON.stringify(specifier)};`;
    return [
      `printf '%s' ${shellWord(entry)} | ${esbuildCommand(inputDir, join(outputDir, file), banner)}`,
      `printf '%s' ${shellWord(JSON.stringify(packageJson))} > ${shellWord(join(outputDir, packageDir, 'package.json'))}`,
    ];
  });
}

/** Everything that runs after esbuild for a stage's bundling: lazy modules, worker entries, then run-time files. */
export function bundlingCommands(bundling: StageBundling, inputDir: string, outputDir: string, banner: string): string[] {
  return [
    ...lazyModuleCommands(bundling, inputDir, outputDir, banner),
    // Each worker entry bundled beside index.mjs like index.mjs itself.
    ...Object.entries(bundling.workers).map(([file, source]) => esbuildCommand(inputDir, join(outputDir, file), banner, source)),
    ...bundling.assets(inputDir, outputDir),
  ];
}
