// After esbuild has written a stage's index.mjs, this finishes the bundle directory (see infra/bundling.ts):
// index.mjs rebuilt with code splitting where the stage asks for it, lazy modules pre-bundled under
// node_modules/, worker entries beside index.mjs, run-time files copied.
// Plain Node and esbuild's API instead of shell built-ins (cp, mkdir -p, printf, [ -d ]), so `cdk synth`
// and `cdk deploy` bundle the same on Linux, macOS and Windows. Plain JavaScript because CDK runs it with
// `node` before anything else is built.
//
// What the lazy modules buy (code compiled only by the invocation that first needs it, not at every cold
// start) is measured in docs/benchmarks.md (bundle load). Tested by test/infra/after-bundling.test.ts.
//
// Usage: node after-bundling.mjs <base64url plan>; or import { finishBundle } and pass the plan object.
import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Carries out an AfterBundlingPlan (infra/bundling.ts): every path in it is absolute.
 * @param {import('./bundling.ts').AfterBundlingPlan} plan
 */
export function finishBundle(plan) {
  // The project's own esbuild, resolved from the project root like the main bundle's.
  const esbuild = createRequire(join(plan.inputDir, 'package.json'))('esbuild');

  /** Same target, format and banner as index.mjs (constructs/stage-function.ts). */
  const common = {
    absWorkingDir: plan.inputDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    banner: { js: plan.banner },
    alias: plan.alias ?? {},
  };

  if (plan.split) {
    // The same build as CDK's index.mjs (same options, the lazy modules external), split: index.mjs and
    // index.mjs.map are replaced, and each dynamic import's code and the code shared with it become chunk
    // files beside index.mjs. Beside it, not in a subdirectory: the banner's __dirname must be the bundle
    // directory in every file (pdfkit reads its data from there).
    esbuild.buildSync({
      ...common,
      entryPoints: { index: plan.split.entry },
      outdir: plan.outputDir,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: '[name]-[hash]',
      sourcemap: true,
      sourcesContent: false,
      external: plan.lazyModules.map((lazy) => lazy.specifier),
    });
  }

  for (const lazy of plan.lazyModules) {
    // The entry re-exports the module's named exports and its default export (how our code uses exceljs
    // and nodemailer; the AWS SDK imports its credential providers by name); a module without a default
    // export gets an undefined one, as Node gives it. A missing package makes esbuild throw, which fails
    // the bundling.
    const specifier = JSON.stringify(lazy.specifier);
    esbuild.buildSync({
      ...common,
      stdin: { contents: `import * as m from ${specifier}; export * from ${specifier}; export default m.default;`, resolveDir: plan.inputDir, loader: 'js' },
      outfile: join(plan.outputDir, lazy.file),
      logOverride: { 'import-is-undefined': 'silent' },
    });
    mkdirSync(join(plan.outputDir, lazy.packageDir), { recursive: true });
    writeFileSync(join(plan.outputDir, lazy.packageDir, 'package.json'), JSON.stringify(lazy.packageJson));
  }

  for (const worker of plan.workers) {
    esbuild.buildSync({ ...common, entryPoints: [worker.source], outfile: join(plan.outputDir, worker.file) });
  }

  for (const asset of plan.assets) {
    const from = join(plan.inputDir, asset.from);
    if (!existsSync(from)) {
      if (asset.optional) continue;
      throw new Error(`after-bundling: ${from} does not exist (needed next to the bundle as ${asset.to})`);
    }
    const to = join(plan.outputDir, asset.to);
    mkdirSync(to, { recursive: true });
    cpSync(from, to, {
      recursive: true,
      filter: (source) => !asset.extension || statSync(source).isDirectory() || extname(source) === asset.extension,
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const encoded = process.argv[2];
  if (!encoded) {
    console.error('after-bundling: missing the plan argument (base64url JSON from infra/bundling.ts)');
    process.exit(2);
  }
  finishBundle(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
}
