import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emulatorLines } from '../../../cli/commands/serve.ts';
import { commandHelp } from '../../../cli/command.ts';
import { expandFileArguments } from '../../../cli/files.ts';
import { createProgress } from '../../../cli/progress.ts';
import { COMMANDS } from '../../../cli/main.ts';

const run = promisify(execFile);
const ROOT = new URL('../../..', import.meta.url).pathname;

async function effekt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [join(ROOT, 'cli/bin/effekt.mjs'), ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('effekt --help', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s describes every flag of its usage line and shows an example', (_name, command) => {
    const inUsage = new Set([...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!));
    const described = new Set(command.flags.map((f) => f.name));
    expect([...described].sort()).toEqual([...inUsage].sort());
    for (const flag of command.flags) expect(flag.description, `--${flag.name}`).toMatch(/\.$/);
    expect(command.examples.length).toBeGreaterThan(0);
    for (const example of command.examples) expect(example).toContain(`effekt ${command.name}`);
    const help = commandHelp(command);
    for (const flag of command.flags) expect(help).toContain(`--${flag.name}`);
    expect(help).toContain('Examples:');
  });
});

describe('the effekt process', () => {
  it('prints its version', async () => {
    const result = await effekt(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^effekt \d+\.\d+\.\d+\n$/);
  });

  it('exits 2 with the usage line on an unknown option', async () => {
    const result = await effekt(['download', 'sodertalje', '2025', '--versoin', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--versoin'");
    expect(result.stderr).toContain('Usage: effekt download <client> <year>');
    expect(result.stdout).toBe('');
  }, 60_000);
});

describe('file arguments', () => {
  it('takes a directory as its files, in name order, without hidden files or sub-folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'effekt-args-'));
    await writeFile(join(dir, 'b.csv'), 'x');
    await writeFile(join(dir, 'a.csv'), 'x');
    await writeFile(join(dir, '.DS_Store'), 'x');
    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old', 'c.csv'), 'x');
    await writeFile(join(dir, 'single.csv'), 'x');
    expect(await expandFileArguments([dir])).toEqual([join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'single.csv')]);
    await expect(expandFileArguments([join(dir, 'nope.csv')])).rejects.toThrow(/no such file or directory/);
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    const stream = { isTTY, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    return { stream, written };
  };

  it('writes plain lines when stderr is not a terminal', () => {
    const { stream, written } = sink(false);
    const bar = createProgress(2, stream);
    bar.step('uploaded a.csv');
    bar.step('uploaded b.csv');
    bar.done('done');
    expect(written).toEqual(['uploaded a.csv (1/2)\n', 'uploaded b.csv (2/2)\n', 'done\n']);
  });

  it('redraws one bar on a terminal', () => {
    const { stream, written } = sink(true);
    const bar = createProgress(4, stream);
    bar.step('a');
    expect(written.at(-1)).toBe('\r\x1b[2K[######..................] 1/4 a');
    expect(written.join('')).not.toContain('\n');
  });
});

it('effekt serve names every emulator endpoint, SES included', () => {
  const lines = emulatorLines({ EFFEKT_ENDPOINT_DYNAMODB: 'http://d', EFFEKT_ENDPOINT_S3: 'http://s', EFFEKT_ENDPOINT_SQS: 'http://q', EFFEKT_ENDPOINT_SES: 'http://e' }).join('\n');
  for (const line of ['EFFEKT_ENDPOINT_DYNAMODB=http://d', 'EFFEKT_ENDPOINT_S3=http://s', 'EFFEKT_ENDPOINT_SQS=http://q', 'EFFEKT_ENDPOINT_SES=http://e', 'curl -s http://e/store']) {
    expect(lines).toContain(line);
  }
});
