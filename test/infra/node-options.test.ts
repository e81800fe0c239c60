/**
 * The stages' NODE_OPTIONS are only read when Lambda starts node: Node accepts few V8 flags there (the heap sizes,
 * not e.g. --max-opt or --heap-growing-percent, which node rejects at start), so a flag the bench accepts on the
 * command line can keep the function from starting. Node itself tells which: start it with the stage's options.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeOptionsFor } from '../../infra/constructs/stage-function.ts';
import { STAGES } from '../../infra/handler-entries.ts';

describe('each stage’s NODE_OPTIONS', () => {
  it.each(STAGES.filter((stage) => nodeOptionsFor(stage) !== ''))('%s: node starts with them', (stage) => {
    const run = spawnSync(process.execPath, ['-e', 'process.stdout.write("started")'], { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptionsFor(stage) }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('started');
  });
});
