import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPoolSize, localRuntimeFlags, renderThreads, v8PoolSize } from '../../../cli/local/node-flags.ts';

const PROBE = join(import.meta.dirname, 'fixtures/respawn-probe.ts');
const env = { ...process.env, NODE_OPTIONS: '' };

describe('the local runtime’s V8 pool size', () => {
  it('is one thread per two cores, at least one and at most Node’s own four', () => {
    expect([1, 2, 3, 4, 6, 8, 16, 64].map((cores) => v8PoolSize(cores))).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
    expect(localRuntimeFlags(2)).toEqual(['--v8-pool-size=1']);
  });

  it('is taken as given when the process was started with one, on the command line or in NODE_OPTIONS', () => {
    expect(hasPoolSize(['--v8-pool-size=3'], '')).toBe(true);
    expect(hasPoolSize([], '--max-old-space-size=256 --v8-pool-size=2')).toBe(true);
    expect(hasPoolSize(['--import', 'tsx'], '--max-old-space-size=256')).toBe(false);
  });
});

describe('the local runtime’s render threads', () => {
  it('leave one core to the runtime’s own thread, and are at least one', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => renderThreads(cores))).toEqual([1, 1, 2, 3, 7, 15]);
  });
});

describe('respawnWithLocalRuntimeFlags', () => {
  it('runs the same program with the same arguments and loaders in a process with the pool size, and exits with its code', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', PROBE, '7', 'x y'], { env, timeout: 60_000 }, (error, out) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout: out });
      });
    });
    const child = JSON.parse(stdout) as { execArgv: string[]; argv: string[] };
    expect(child.execArgv).toEqual([...localRuntimeFlags(), '--import', 'tsx']);
    expect(child.argv).toEqual(['7', 'x y']);
    expect(code).toBe(7);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('passes a %s on to the process it started, once, and exits as that one did', async (signal) => {
    const parent = spawn(process.execPath, ['--import', 'tsx', PROBE, 'wait'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const started = new Promise<{ pid: number }>((resolve) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(JSON.parse(output.split('\n')[0]!) as { pid: number });
      });
    });
    // 'close': after the exit and the last of its output.
    const exited = new Promise<number | null>((resolve) => parent.once('close', (code) => resolve(code)));
    const child = await started;
    parent.kill(signal);
    expect(await exited).toBe(128 + constants.signals[signal]);
    expect(output.split('\n').filter((line) => line.startsWith('signal'))).toEqual([`signal ${signal}`]);
    expect(() => process.kill(child.pid, 0)).toThrow();
  }, 60_000);
});
