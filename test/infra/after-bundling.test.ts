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
  assets: [
    { from: join(SOURCE, 'fonts'), to: 'fonts', extension: '.ttf' },
    { from: join(SOURCE, 'absent'), to: 'absent', optional: true },
  ],
  codeSplitting: false,
};

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'nested'), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'echo-worker.ts'), "const double = (n: number): number => n * 2;\nexport default double(21);\n");
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'A.ttf'), 'font a');
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'nested', 'B.ttf'), 'font b');
  writeFileSync(join(PROJECT_ROOT, SOURCE, 'fonts', 'README.md'), 'not a font');
  mkdirSync(OUT, { recursive: true });
  // Exactly the command CDK's afterBundling hook runs.
  for (const command of bundlingCommands(bundling, PROJECT_ROOT, OUT, '// banner', join(SOURCE, 'entry.ts'))) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });
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

  it('copies run-time files recursively, only those with the asked extension, and skips an optional source that is absent', () => {
    expect(readdirSync(join(OUT, 'fonts'), { recursive: true }).map(String).sort()).toEqual(['A.ttf', 'nested', join('nested', 'B.ttf')]);
    expect(existsSync(join(OUT, 'absent'))).toBe(false);
  });

  it('fails, naming the file, when a required run-time file is missing', () => {
    const plan = afterBundlingPlan({ ...bundling, lazyModules: [], workers: {}, assets: [{ from: 'no/such/dir', to: 'x' }] }, PROJECT_ROOT, OUT, '', join(SOURCE, 'entry.ts'));
    expect(() => finishBundle(plan)).toThrow(/no\/such\/dir does not exist \(needed next to the bundle as x\)/);
  });

  it('rebuilds index.mjs with code splitting: the dynamic import in a chunk beside it, shared code once, lazy modules still external', async () => {
    const source = join(PROJECT_ROOT, SOURCE, 'split');
    mkdirSync(source, { recursive: true });
    // shared.ts is imported by the entry and by the lazily imported module: with splitting it must exist once.
    writeFileSync(join(source, 'shared.ts'), "export const shared = (): string => 'SHARED-' + 'MARKER';\n");
    writeFileSync(join(source, 'lazy.ts'), "import { shared } from './shared.ts';\nexport const lazy = (): string => `${shared()}+LAZY-${'MARKER'}`;\n");
    writeFileSync(
      join(source, 'entry.ts'),
      "import { shared } from './shared.ts';\nexport const eager = (): string => shared();\nexport const later = async (): Promise<string> => (await import('./lazy.ts')).lazy();\nexport const composer = async (): Promise<string> => typeof (await import('nodemailer/lib/mail-composer/index.js')).default;\n",
    );
    const out = join(WORK, 'split-out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.mjs'), '// what CDK wrote: replaced by the split build\n');
    const split: StageBundling = { alias: {}, lazyModules: ['nodemailer/lib/mail-composer/index.js'], workers: {}, assets: [], codeSplitting: true };
    for (const command of bundlingCommands(split, PROJECT_ROOT, out, '// banner', join(SOURCE, 'split', 'entry.ts'))) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });

    const files = readdirSync(out).filter((name) => name.endsWith('.mjs'));
    expect(files).toContain('index.mjs');
    expect(files.length).toBeGreaterThan(1);
    const code = Object.fromEntries(files.map((name) => [name, readFileSync(join(out, name), 'utf8')]));
    for (const [name, text] of Object.entries(code)) expect(text.startsWith('// banner'), name).toBe(true);
    expect(existsSync(join(out, 'index.mjs.map'))).toBe(true);
    // The sources write each marker in two parts; the minifier folds them, so only bundled code holds one whole.
    const holding = (marker: string) => files.filter((name) => code[name]!.includes(marker));
    expect(holding('SHARED-MARKER')).toHaveLength(1);
    expect(holding('LAZY-MARKER')).toHaveLength(1);
    expect(holding('LAZY-MARKER')[0]).not.toBe('index.mjs');
    expect(code['index.mjs']!.includes('import("nodemailer/lib/mail-composer/index.js")')).toBe(true);

    const entry = (await import(pathToFileURL(join(out, 'index.mjs')).href)) as { eager(): string; later(): Promise<string>; composer(): Promise<string> };
    expect(entry.eager()).toBe('SHARED-MARKER');
    expect(await entry.later()).toBe('SHARED-MARKER+LAZY-MARKER');
    expect(await entry.composer()).toBe('function');
  });

  it('refuses to run without a plan', () => {
    expect(() => execFileSync(process.execPath, [join(PROJECT_ROOT, 'infra', 'after-bundling.mjs')], { stdio: 'pipe' })).toThrow(/missing the plan argument/);
  });
});
