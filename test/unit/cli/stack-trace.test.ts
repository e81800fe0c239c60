import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mapStackTrace } from '../../../cli/stack-trace.ts';

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
    const mapped = mapStackTrace(failure!, JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as object);
    // The frame keeps its shape: `at parseRow (…/stage.ts:3:…)`.
    expect(mapped).toMatch(/at \S+ \([^\s()]*stage\.ts:3:\d+( \[\w+\])?\)/);
    expect(mapped).not.toMatch(/index\.mjs:1:\d+/);
    expect(mapped).toContain('not a number: x');
  });
});
