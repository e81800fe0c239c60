import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mapStackTraceFiles } from '../../../cli/stack-trace.ts';

const run = promisify(execFile);

describe('effekt trace', () => {
  it('maps a minified bundle stack trace back to the TypeScript line that threw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effekt-trace-'));
    const source = join(dir, 'stage.ts');
    writeFileSync(
      source,
      [
        'export function parseRow(row: string): number {',
        '  const value = Number(row);',
        "  if (Number.isNaN(value)) throw new Error('not a number: ' + row);",
        '  return value;',
        '}',
        "export const handler = () => ['1', 'x'].map(parseRow);",
        'handler();',
      ].join('\n'),
    );
    // Bundled like a stage (minified ESM with a map, no sources content), then run without --enable-source-maps.
    await build({ entryPoints: [source], outfile: join(dir, 'index.mjs'), bundle: true, minify: true, format: 'esm', platform: 'node', sourcemap: true, sourcesContent: false, logLevel: 'error' });
    const failure = await run(process.execPath, [join(dir, 'index.mjs')]).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toMatch(/index\.mjs:1:\d+/);
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as object;
    const mapped = mapStackTraceFiles(failure!, (file) => (file === 'index.mjs' ? map : undefined));
    // The frame keeps its shape: `at parseRow (…/stage.ts:3:…)`.
    expect(mapped).toMatch(/at \S+ \([^\s()]*stage\.ts:3:\d+( \[\w+\])?\)/);
    expect(mapped).not.toMatch(/index\.mjs:1:\d+/);
    expect(mapped).toContain('not a number: x');
  });

  it('maps frames in a split bundle’s chunks with the maps beside index.mjs.map (the CLI command)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effekt-trace-split-'));
    writeFileSync(join(dir, 'report.ts'), ['export function drawPage(page: number): void {', "  throw new Error('page ' + page + ' failed');", '}'].join('\n'));
    writeFileSync(join(dir, 'handler.ts'), ["export const handler = async () => (await import('./report.ts')).drawPage(3);", 'await handler();'].join('\n'));
    // Split like render's bundle: index.mjs and a chunk beside it, each with its own map.
    await build({ entryPoints: { index: join(dir, 'handler.ts') }, outdir: dir, outExtension: { '.js': '.mjs' }, splitting: true, bundle: true, minify: true, format: 'esm', platform: 'node', sourcemap: true, sourcesContent: false, logLevel: 'error' });
    const failure = await run(process.execPath, [join(dir, 'index.mjs')]).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toMatch(/report-\w+\.mjs:1:\d+/);
    writeFileSync(join(dir, 'trace.txt'), failure!);
    const { stdout } = await run(process.execPath, [join(process.cwd(), 'cli', 'bin', 'effekt.mjs'), 'trace', '--map', join(dir, 'index.mjs.map'), join(dir, 'trace.txt')]);
    expect(stdout).toMatch(/report\.ts:2:\d+/);
    expect(stdout).not.toMatch(/report-\w+\.mjs:1:\d+/);
  });
});
