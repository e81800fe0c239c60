/**
 * `tsx bench/alloc-profile.ts [renders] [top] [--survivors]`: where a warm render allocates. Bundles
 * bench/render/alloc-entry.ts like the render Lambda, runs it with the render function's NODE_OPTIONS and
 * prints the MB allocated per render (V8's sampling heap profiler, garbage included) by module and by source
 * line (through the bundle's source map). `--survivors` counts only what outlived a scavenge (was copied by one). Writes bench/.work/profiles/render-warm.heapprofile (DevTools).
 * Needs bench/.work/render-input.json.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { RENDER_NODE_OPTIONS } from '../infra/constructs/stage-function.ts';
import { bundleLikeCdk } from './lib/bundle.ts';
import { lastJson, runMeasured } from './lib/proc.ts';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const HERE = import.meta.dirname;
const WORK = join(HERE, '.work');
const survivors = process.argv.includes('--survivors');
const [renders = '3', top = '40'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const bundleDir = join(WORK, 'bundles', 'render-alloc');
mkdirSync(join(WORK, 'profiles'), { recursive: true });
const out = join(WORK, 'profiles', 'render-warm.heapprofile');
await bundleLikeCdk(join(HERE, 'render', 'alloc-entry.ts'), bundleDir, 'render');
const program = join(bundleDir, 'index.mjs');
const run = await runMeasured(process.execPath, [...RENDER_NODE_OPTIONS.split(' ').filter(Boolean), program, join(WORK, 'render-input.json'), out, renders], { cwd: WORK, intervalMs: 0, env: { ...process.env, BENCH_SURVIVORS: survivors ? '1' : '0' } });
const { renders: n } = lastJson<{ renders: number }>(run, 'allocation profile');

const map = new SourceMap(JSON.parse(readFileSync(`${program}.map`, 'utf8')));
const place = (frame: HeapNode['callFrame']) => {
  if (!frame.url.endsWith('index.mjs')) return { module: frame.url || frame.functionName, site: `${frame.url || frame.functionName} ${frame.functionName}` };
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
  const source = (entry.originalSource ?? '?').replace(/^.*node_modules\//, '').replace(/^.*?\/(functions|bench)\//, '$1/');
  const module = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0] === 'functions' ? source : source.split('/')[0]!;
  return { module, site: `${source}:${(entry.originalLine ?? 0) + 1} ${frame.functionName}` };
};
const byModule = new Map<string, number>();
const bySite = new Map<string, number>();
let total = 0;
// A builtin's allocation (Array.prototype.join, Buffer.write, …) is put on the nearest caller in the bundle.
const walk = (node: HeapNode, caller?: HeapNode) => {
  const own = node.callFrame.url.endsWith('index.mjs');
  if (node.selfSize > 0) {
    const placed = place(own || !caller ? node.callFrame : caller.callFrame);
    const module = placed.module;
    const site = own || !caller ? placed.site : `${placed.site} → ${node.callFrame.functionName || node.callFrame.url}`;
    byModule.set(module, (byModule.get(module) ?? 0) + node.selfSize);
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, own ? node : caller);
};
walk((JSON.parse(readFileSync(out, 'utf8')) as { head: HeapNode }).head);
const mb = (bytes: number) => (bytes / n / 1e6).toFixed(2).padStart(7);
console.log(`${survivors ? 'outlived a scavenge' : 'allocated'} per warm render: ${mb(total)} MB (${n} renders, flags ${RENDER_NODE_OPTIONS})\n`);
for (const [name, bytes] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${mb(bytes)} MB  ${name}`);
console.log('');
for (const [name, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${mb(bytes)} MB  ${name}`);
