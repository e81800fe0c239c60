/**
 * infra/after-bundling.mjs finishes a bundle directory from the plan infra/bundling.ts writes: lazy modules
 * under node_modules/, worker entries, run-time files. bundle.test.ts runs it for the real stages through
 * CDK; this test runs it on a small plan, through the same command line CDK runs, and checks each step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterBundlingPlan, bundlingCommands, lazyModulePath, type StageBundling } from '../../infra/bundling.ts';
import { PROJECT_ROOT } from '../../infra/handler-entries.ts';
// @ts-expect-error plain JavaScript module without declarations (CDK runs it with node before any build)
import { finishBundle } from '../../infra/after-bundling.mjs';

const WORK = join(PROJECT_ROOT, 'test', '.work', 'after-bundling');
const SOURCE = join('test', '.work', 'after-bundling', 'source');
const OUT = join(WORK, 'out');

const bundling: StageBundling = {
  alias: {},
  lazyModules: ['nodemailer/lib/mail-composer/index.js'],
  workers: { 'echo-worker.mjs': join(SOURCE, 'echo-worker.ts') },
  chunks: { 'echo-chunk.mjs': join(SOURCE, 'echo-chunk.ts') },
  assets: [
    { from: join(SOURCE, 'fonts'), to: 'fonts', extension: '.ttf' },
    { from: join(SOURCE, 'absent'), to: 'absent', optional: true },
  ],
};

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'nested'), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'echo-worker.ts'), "const double = (n: number): number => n * 2;\nexport default double(21);\n");
  // A chunk that uses a lazy module: the module must stay an import of the shipped copy, not be bundled in.
  writeFileSync(
    join(PROJECT_ROOT, SOURCE, 'echo-chunk.ts'),
    "export const triple = (n: number): number => n * 3;\nexport const composer = () => import('nodemailer/lib/mail-composer/index.js');\n",
  );
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'A.ttf'), 'font a');
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'nested', 'B.ttf'), 'font b');
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'README.md'), 'not a font');
  mkdirSync(OUT, { recursive: true });
  // Exactly the command CDK's afterBundling hook runs.
  for (const command of bundlingCommands(bundling, PROJECT_ROOT, OUT, '// banner')) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });
}, 120_000);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('after-bundling', () => {
  it('builds a lazy module where Node resolves its specifier, with the banner, exporting the default export', async () => {
    const path = lazyModulePath('nodemailer/lib/mail-composer/index.js');
    const code = readFileSync(join(OUT, path.file), 'utf8');
    expect(code.startsWith('// banner')).toBe(true);
    expect(JSON.parse(readFileSync(join(OUT, path.packageDir, 'package.json'), 'utf8'))).toEqual(path.packageJson);
    const composer = (await import(pathToFileURL(join(OUT, path.file)).href)) as { default: unknown };
    expect(typeof composer.default).toBe('function');
  });

  it('bundles a worker entry beside index.mjs', async () => {
    const worker = (await import(pathToFileURL(join(OUT, 'echo-worker.mjs')).href)) as { default: number };
    expect(worker.default).toBe(42);
  });

  it('bundles a chunk beside index.mjs with its source map, leaving the lazy modules it imports external', async () => {
    const file = join(OUT, 'echo-chunk.mjs');
    const code = readFileSync(file, 'utf8');
    expect(code.startsWith('// banner')).toBe(true);
    expect(code).toContain('import("nodemailer/lib/mail-composer/index.js")');
    expect(JSON.parse(readFileSync(`${file}.map`, 'utf8')).sources.some((s: string) => s.endsWith('echo-chunk.ts'))).toBe(true);
    const chunk = (await import(pathToFileURL(file).href)) as { triple: (n: number) => number; composer: () => Promise<{ default: unknown }> };
    expect(chunk.triple(14)).toBe(42);
    // Resolved from the bundle directory's node_modules, where the lazy module was built.
    expect(typeof (await chunk.composer()).default).toBe('function');
  });

  it('copies run-time files recursively, only those with the asked extension, and skips an optional source that is absent', () => {
    expect(readdirSync(join(OUT, 'fonts'), { recursive: true }).map(String).sort()).toEqual(['A.ttf', 'nested', join('nested', 'B.ttf')]);
    expect(existsSync(join(OUT, 'absent'))).toBe(false);
  });

  it('fails, naming the file, when a required run-time file is missing', () => {
    const plan = afterBundlingPlan({ ...bundling, lazyModules: [], workers: {}, chunks: {}, assets: [{ from: 'no/such/dir', to: 'x' }] }, PROJECT_ROOT, OUT, '');
    expect(() => finishBundle(plan)).toThrow(/no\/such\/dir does not exist \(needed next to the bundle as x\)/);
  });

  it('refuses to run without a plan', () => {
    expect(() => execFileSync(process.execPath, [join(PROJECT_ROOT, 'infra', 'after-bundling.mjs')], { stdio: 'pipe' })).toThrow(/missing the plan argument/);
  });
});
