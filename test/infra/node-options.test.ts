/**
 * The stages' NODE_OPTIONS are only read when Lambda starts node: Node accepts few V8 flags there (the heap sizes,
 * not e.g. --max-opt or --heap-growing-percent, which node rejects at start), so a flag the bench accepts on the
 * command line can keep the function from starting. Node itself tells which: start it with the stage's options.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDER_EXEC_WRAPPER, RENDER_PRELOAD_DIR } from '../../infra/bundling.ts';
import { nodeOptionsFor, RENDER_NODE_OPTIONS } from '../../infra/constructs/stage-function.ts';
import { PROJECT_ROOT, STAGES } from '../../infra/handler-entries.ts';

/** The preload's source directory stands in for the task root, where the bundle ships it. */
const TASK_ROOT = join(PROJECT_ROOT, RENDER_PRELOAD_DIR);

/** Runs `script` in a fresh node with `nodeOptions` as NODE_OPTIONS (and `args` on its command line), and returns what it printed. */
function nodeWith(nodeOptions: string, script: string, args: string[] = []): string {
  const run = spawnSync(process.execPath, [...args, '-e', script], { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout;
}

// What a process's heap was sized to, and the tag V8 checks code caches against (it folds in the V8 flags set).
const HEAP = `const v8 = require('node:v8');
let kept = [];
for (let i = 0; i < 300000; i++) { kept.push({ i }); if (kept.length > 5000) kept = []; }
const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
process.stdout.write(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit, young, tag: v8.cachedDataVersionTag(), gc: typeof gc }));`;

/** What public copies of Lambda's Node bootstrap put on node's command line for a 1024 MB function. */
const LAMBDA_BOOTSTRAP_FLAGS = ['--expose-gc', '--max-http-header-size', '81920', '--max-semi-space-size=51', '--max-old-space-size=922'];

describe('each stage’s NODE_OPTIONS', () => {
  it.each(STAGES.filter((stage) => nodeOptionsFor(stage) !== ''))('%s: node starts with them', (stage) => {
    expect(nodeWith(nodeOptionsFor(stage, TASK_ROOT), 'process.stdout.write("started")')).toBe('started');
  });

  it('render names its preload in the task root', () => {
    expect(nodeOptionsFor('render')).toBe(`${RENDER_NODE_OPTIONS} --require /var/task/reset-heap-flags.cjs`);
  });

  it('render: the heap is sized by its flags, and V8 checks code caches as under the default flags, so Node’s own cache for its built-ins is used', () => {
    const deployed = JSON.parse(nodeWith(nodeOptionsFor('render', TASK_ROOT), HEAP));
    const flagsAlone = JSON.parse(nodeWith(RENDER_NODE_OPTIONS, HEAP));
    const defaults = JSON.parse(nodeWith('', HEAP));
    expect(deployed.limit).toBe(flagsAlone.limit);
    expect(deployed.young).toBe(flagsAlone.young);
    expect(deployed.limit).toBeLessThan(defaults.limit);
    expect(deployed.young).toBeLessThan(defaults.young);
    // Without the preload the tag differs on the Node versions here (the flags alone change it).
    expect(deployed.tag).toBe(defaults.tag);
  });

  it('render under a Lambda-like command line: the heap and gc as the command line sets them, the code-cache tag as under the default flags', () => {
    const deployed = JSON.parse(nodeWith(nodeOptionsFor('render', TASK_ROOT), HEAP, LAMBDA_BOOTSTRAP_FLAGS));
    const flagsAlone = JSON.parse(nodeWith(RENDER_NODE_OPTIONS, HEAP, LAMBDA_BOOTSTRAP_FLAGS));
    const defaults = JSON.parse(nodeWith('', HEAP));
    expect(deployed).toEqual({ ...flagsAlone, tag: defaults.tag });
    expect(deployed.gc).toBe('function');
  });

  it('render under a Lambda-like command line, started through its exec wrapper: the heap as its NODE_OPTIONS size it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'effekt-wrapper-'));
    try {
      // Lambda runs `<wrapper> node [bootstrap flags] <entry script>`; the entry here prints the heap.
      const entry = join(dir, 'entry.cjs');
      writeFileSync(entry, HEAP);
      const viaWrapper = (nodeOptions: string, args: string[]) => {
        const run = spawnSync('sh', [join(TASK_ROOT, RENDER_EXEC_WRAPPER), process.execPath, ...args], { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' });
        expect(run.stderr).toBe('');
        return JSON.parse(run.stdout) as { limit: number; gc: string };
      };
      const deployed = viaWrapper(nodeOptionsFor('render', TASK_ROOT), [...LAMBDA_BOOTSTRAP_FLAGS, entry]);
      const flagsAlone = JSON.parse(nodeWith(RENDER_NODE_OPTIONS, HEAP));
      const bootstrapWins = JSON.parse(nodeWith(nodeOptionsFor('render', TASK_ROOT), HEAP, LAMBDA_BOOTSTRAP_FLAGS));
      expect(deployed.limit).toBe(flagsAlone.limit);
      expect(bootstrapWins.limit).toBeGreaterThan(flagsAlone.limit);
      // The bootstrap's other flags stay: gc is still exposed.
      expect(deployed.gc).toBe('function');
      // A command line of another shape (no entry script last) runs unchanged.
      const other = spawnSync('sh', [join(TASK_ROOT, RENDER_EXEC_WRAPPER), process.execPath, '--max-old-space-size=922', '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], {
        env: { PATH: process.env.PATH, NODE_OPTIONS: RENDER_NODE_OPTIONS },
        encoding: 'utf8',
      });
      expect(JSON.parse(other.stdout)).toEqual(['--max-old-space-size=922', '-e', 'process.stdout.write(JSON.stringify(process.execArgv))']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
