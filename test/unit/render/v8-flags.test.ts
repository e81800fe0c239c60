import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RENDER_V8_FLAGS } from '../../../functions/render/v8-flags.ts';

describe("render's V8 flags", () => {
  afterEach(() => vi.restoreAllMocks());

  // v8.setFlagsFromString ignores a flag V8 does not know; Node's command line refuses it, so a renamed flag fails here.
  it.each(RENDER_V8_FLAGS)('%s is a flag this V8 knows', (flag) => {
    const run = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the render handler sets them when it loads, before anything renders', async () => {
    const set = vi.spyOn(v8, 'setFlagsFromString');
    vi.resetModules();
    await import('../../../functions/render/handler.ts');
    expect(set.mock.calls.map(([flag]) => flag)).toEqual([...RENDER_V8_FLAGS]);
  });
});
