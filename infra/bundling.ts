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
   * Packages the code (ours or a dependency's) only imports lazily (`await import(...)`). Each is left out of
   * index.mjs and shipped beside it, pre-bundled and minified, as `node_modules/<specifier>`: Node resolves
   * the same `import()` there at run time, and V8 compiles that code only when it is first needed instead
   * of at every cold start (with one file, a lazy import still costs its full parse at load). Nothing in
   * the stage may import one statically: esbuild keeps a static import of a module left out, and Node
   * then loads it at every cold start after all (test/infra/bundle.test.ts checks SES and the
   * credential links).
   */
  lazyModules: string[];
  /**
   * Worker-thread entries: output file beside index.mjs → source file (relative to the project root).
   * Each is bundled on its own like index.mjs; the code starts it with `new URL('./<file>', import.meta.url)`.
   */
  workers: Record<string, string>;
  /** Run-time files copied next to the bundle (directories relative to the project root and to the bundle). */
  assets: AssetCopy[];
  /**
   * Whether index.mjs is rebuilt with esbuild's code splitting: each dynamic `import()` of our code becomes a
   * file of its own beside index.mjs, and what it shares with index.mjs (zod, the model, the stores) a shared
   * chunk that both import, so there is one copy of each. A cold start then parses only what the handler
   * itself runs; the rest is compiled when its `import()` first runs. (CDK's esbuild call writes one
   * `--outfile`, and splitting needs an output directory, so after-bundling rebuilds the entry.)
   */
  codeSplitting: boolean;
}

/** Copies the files of `from` (recursively) into `to`; `optional` skips a source directory that does not exist. */
export interface AssetCopy {
  from: string;
  to: string;
  /** Only files with this extension (e.g. `.ttf`). */
  extension?: string;
  optional?: boolean;
}

/** nodemailer's MIME composer: only needed when a stage actually writes an email. */
const MAIL_COMPOSER = 'nodemailer/lib/mail-composer/index.js';

/**
 * The SDK's SES client, for stages that mail only now and then: render (a report that failed) and ingest
 * (an upload it refused). Loaded by functions/aws/clients.ts lazySesClient when the first message is sent.
 */
const SES_CLIENT = '@aws-sdk/client-sesv2';

/**
 * The links of the AWS SDK's default credential chain (@aws-sdk/credential-provider-node) that it imports
 * lazily itself: SSO, shared ini files, credential_process, web identity tokens, container and instance
 * metadata. In Lambda the first link, the role's credentials in the environment, answers, so these are
 * only loaded off Lambda; in index.mjs they and the STS/SSO clients they build on were a large part of every
 * stage's bundle, parsed at every cold start. The chain itself, its order and its first link stay in
 * index.mjs unchanged.
 */
export const AWS_CREDENTIAL_LINKS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * Render's preload (functions/render/preload/), shipped beside index.mjs and named by its NODE_OPTIONS
 * (`--require`, infra/constructs/stage-function.ts nodeOptionsFor): it runs before anything else loads.
 */
export const RENDER_PRELOAD = 'reset-heap-flags.cjs';
export const RENDER_PRELOAD_DIR = 'functions/render/preload';
/**
 * Render's exec wrapper (functions/render/preload/), shipped beside index.mjs and named by its
 * AWS_LAMBDA_EXEC_WRAPPER: it repeats the heap sizes of its NODE_OPTIONS after the Lambda bootstrap's own.
 */
export const RENDER_EXEC_WRAPPER = 'heap-flags-last.sh';

/**
 * Files the render bundle needs at run time besides index.mjs (JSON templates are bundled as imports).
 * pdfmake reads fonts from paths and pdfkit reads its AFM/ICC data from `${__dirname}/data`, which in
 * the bundle is the bundle directory (see ESM_BANNER). Layout next to index.mjs:
 *   fonts/Roboto/*.ttf    pdfmake's Roboto (å ä ö; no arrows)
 *   fonts/*               report-templates/fonts/: glyph-runs.json, the templates' words shaped at build time
 *   data/*.afm, *.icc     pdfkit's standard-font metrics and sRGB profile
 *   reset-heap-flags.cjs  the preload its NODE_OPTIONS names (RENDER_PRELOAD)
 *   heap-flags-last.sh    the exec wrapper its AWS_LAMBDA_EXEC_WRAPPER names (RENDER_EXEC_WRAPPER), executable
 */
const renderAssets: AssetCopy[] = [
  { from: RENDER_PRELOAD_DIR, to: '.', extension: '.cjs' },
  // Copied with its mode: git keeps the script executable, and Lambda runs it directly.
  { from: RENDER_PRELOAD_DIR, to: '.', extension: '.sh' },
  { from: 'node_modules/pdfmake/build/fonts/Roboto', to: 'fonts/Roboto', extension: '.ttf' },
  { from: 'node_modules/pdfkit/js/data', to: 'data' },
  { from: 'report-templates/fonts', to: 'fonts', optional: true },
];

const none: AssetCopy[] = [];

export function stageBundling(stage: Stage, projectRoot: string): StageBundling {
  switch (stage) {
    case 'ingest':
      // exceljs with JSZip, unzipper, bluebird & co. is a large part of the bundle, and most uploads are CSV.
      return {
        alias: {},
        lazyModules: ['exceljs', MAIL_COMPOSER, SES_CLIENT, ...AWS_CREDENTIAL_LINKS],
        // Pseudonymises respondent ids beside the parser (functions/ingest/pseudonym-thread.ts).
        workers: { 'pseudonym-worker.mjs': 'functions/ingest/pseudonym-worker.ts' },
        assets: none,
        codeSplitting: false,
      };
    case 'render':
      return {
        alias: { 'brotli/decompress.js': join(projectRoot, 'functions/render/brotli-decompress.ts') },
        lazyModules: [MAIL_COMPOSER, SES_CLIENT, ...AWS_CREDENTIAL_LINKS],
        workers: {},
        assets: renderAssets,
        // The report renderer (pdfmake, fontkit, vega, the templates) is most of the bundle and is only
        // imported, dynamically, by the first render (functions/render/handler.ts): split into its own file,
        // the messages that render nothing (superseded, unchanged) never parse it, and it shares the
        // handler's one copy of zod and the model through a shared chunk.
        codeSplitting: true,
      };
    case 'deliver':
    case 'feedback':
      return { alias: {}, lazyModules: [MAIL_COMPOSER, ...AWS_CREDENTIAL_LINKS], workers: {}, assets: none, codeSplitting: false };
    case 'compute':
      return { alias: {}, lazyModules: [...AWS_CREDENTIAL_LINKS], workers: {}, assets: none, codeSplitting: false };
    case 'api':
      return {
        alias: {},
        lazyModules: [...AWS_CREDENTIAL_LINKS],
        workers: {},
        assets: none,
        // S3, SQS and Secrets Manager serve only some routes, and jose only a local run without API Gateway's
        // authorizer: each is imported by the first request that needs it (functions/aws/lazy-clients.ts,
        // functions/api/authenticate.ts) and split into a file of its own, which a cold start does not compile.
        codeSplitting: true,
      };
  }
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

/** What infra/after-bundling.mjs does for one bundle; every path in it is absolute. */
export interface AfterBundlingPlan {
  inputDir: string;
  outputDir: string;
  banner: string;
  /** The stage's aliases, applied to its workers as to index.mjs. */
  alias: Record<string, string>;
  lazyModules: { specifier: string; file: string; packageDir: string; packageJson: Record<string, string> }[];
  workers: { file: string; source: string }[];
  assets: AssetCopy[];
  /** With code splitting: the stage's entry, rebuilt into index.mjs and its chunks (lazy modules stay external). */
  split?: { entry: string };
}

/** The script that carries out a plan: plain Node (esbuild's API and node:fs), no shell built-ins. */
export const AFTER_BUNDLING_SCRIPT = 'infra/after-bundling.mjs';

/** `entry`: the file esbuild bundled into index.mjs, relative to `inputDir` (the project root). */
export function afterBundlingPlan(bundling: StageBundling, inputDir: string, outputDir: string, banner: string, entry: string): AfterBundlingPlan {
  return {
    inputDir,
    outputDir,
    banner,
    alias: bundling.alias,
    lazyModules: bundling.lazyModules.map((specifier) => ({ specifier, ...lazyModulePath(specifier) })),
    workers: Object.entries(bundling.workers).map(([file, source]) => ({ file, source })),
    assets: bundling.assets,
    ...(bundling.codeSplitting ? { split: { entry: join(inputDir, entry) } } : {}),
  };
}

/**
 * Everything that runs after esbuild for a stage's bundling (the split rebuild, lazy modules, worker entries,
 * then run-time files) as one `node` command, so it runs the same under bash (Linux, macOS) and cmd.exe (Windows), which
 * is how CDK runs local bundling hooks. The plan travels as base64url JSON: no quoting rules of either
 * shell apply to it; only the script path is double-quoted, which both shells read the same way.
 * Only strings: CDK also builds these commands for Docker paths (/asset-input) it never runs.
 */
export function bundlingCommands(bundling: StageBundling, inputDir: string, outputDir: string, banner: string, entry: string): string[] {
  const plan = afterBundlingPlan(bundling, inputDir, outputDir, banner, entry);
  const empty = plan.split === undefined && plan.lazyModules.length === 0 && plan.workers.length === 0 && plan.assets.length === 0;
  if (empty) return [];
  const encoded = Buffer.from(JSON.stringify(plan), 'utf8').toString('base64url');
  return [`node "${join(inputDir, AFTER_BUNDLING_SCRIPT)}" ${encoded}`];
}
