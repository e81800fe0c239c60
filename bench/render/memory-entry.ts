/**
 * The render memory probe's program, bundled like bench/render/entry.ts (render's V8 flags set as its handler sets them):
 * `node [--expose-gc] index.mjs <render-input.json> <renders|0>`. After loading the code, and after each render,
 * it records the render's wall and CPU time (all threads), the process's own PSS (smaps_rollup, split into anonymous and file-backed), V8's heap spaces and
 * Node's external and ArrayBuffer memory; with --expose-gc also the heap left after a full collection (what a
 * render retains). `0` renders: the import alone. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { renderReport, type ReportInput } from '../../functions/core/report/index.ts';
import { applyRenderV8Flags } from '../../functions/render/v8-flags.ts';
import { pssSplitKb } from '../lib/proc.ts';

// As the render handler does when it loads.
applyRenderV8Flags();

const [inputPath, count = '10'] = process.argv.slice(2);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The process's PSS as the bench reads every process's (bench/lib/proc.ts); the rest of it beside the anonymous part is file pages. */
function rollup(): Record<string, number> {
  const { pss, anon } = pssSplitKb(process.pid);
  return { pss: mb(pss * 1024), pssAnon: mb(anon * 1024), pssFile: mb((pss - anon) * 1024), rss: mb(process.memoryUsage().rss) };
}

function snapshot(label: string) {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().filter((s) => s.space_size > 0).map((s) => [s.space_name.replace('_space', ''), [mb(s.physical_space_size), mb(s.space_used_size)]]));
  const collect = (globalThis as { gc?: () => void }).gc;
  let liveMb: number | undefined;
  if (collect) {
    collect();
    liveMb = mb(v8.getHeapStatistics().used_heap_size);
  }
  return { label, ...rollup(), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers), heapPhysical: mb(v8.getHeapStatistics().total_physical_size), malloced: mb(v8.getHeapStatistics().malloced_memory), liveMb, spaces };
}

const rows: (ReturnType<typeof snapshot> & { wallMs?: number; cpuMs?: number })[] = [snapshot('import')];
const input = JSON.parse(readFileSync(inputPath!, 'utf8')) as ReportInput;
for (let i = 0; i < Number(count); i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await renderReport(input);
  const wallMs = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  rows.push({ ...snapshot(`render ${i + 1}`), wallMs, cpuMs: Math.round((used.user + used.system) / 1000) });
}
// BENCH_HEAP_SNAPSHOT=<file>: what the last render left reachable, for DevTools' Memory tab.
if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
process.stdout.write(`${JSON.stringify(rows)}\n`);
