import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RENDER_V8_FLAGS } from '../../../functions/render/v8-flags.ts';

describe("render's V8 flags", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  // v8.setFlagsFromString ignores a flag V8 does not know; Node's command line refuses it, so a renamed flag fails here.
  it.each(RENDER_V8_FLAGS)('%s is a flag this V8 knows', (flag) => {
    const run = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the render handler sets them when it loads in a Lambda process, before anything renders', async () => {
    const set = vi.spyOn(v8, 'setFlagsFromString');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'effekt-test-render');
    vi.resetModules();
    await import('../../../functions/render/handler.ts');
    expect(set.mock.calls.map(([flag]) => flag)).toEqual([...RENDER_V8_FLAGS]);
  });

  it('outside Lambda (the local runtime, one process for every stage) it leaves the flags of the process alone', async () => {
    const set = vi.spyOn(v8, 'setFlagsFromString');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    vi.resetModules();
    await import('../../../functions/render/handler.ts');
    expect(set).not.toHaveBeenCalled();
  });
});
