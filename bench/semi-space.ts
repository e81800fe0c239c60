/**
 * `tsx bench/semi-space.ts [rounds] [sizes] [bundle dirs…]`: the render's warm series (bench/render/entry.ts)
 * at several young-generation sizes, the rest of RENDER_NODE_OPTIONS kept, interleaved round by round so a
 * shared machine's load falls on every setting alike. Sizes: comma-separated MB (default 1,2,4,8,16). With no
 * bundle dirs it bundles the working tree; given dirs (built earlier by this script or bench/profile.ts) are
 * compared against each other (A/B). Prints per setting the medians over rounds of: warm median wall,
 * CPU per render, V8's GC pause and scavenge count per render, peak summed PSS of the series. Needs bench/.work/render-input.json.
 */
import { join, resolve } from 'node:path';
import { RENDER_NODE_OPTIONS } from '../infra/constructs/stage-function.ts';
import { bundleLikeCdk } from './lib/bundle.ts';
import { lastJson, median, runMeasured } from './lib/proc.ts';

const HERE = import.meta.dirname;
const WORK = join(HERE, '.work');
const [roundsArg = '3', sizesArg = '1,2,4,8,16', ...dirs] = process.argv.slice(2);
const sizes = sizesArg.split(',').map(Number);
const bundles = dirs.length > 0 ? dirs.map((dir) => resolve(dir)) : [join(WORK, 'bundles', 'render-semi-space')];
if (dirs.length === 0) await bundleLikeCdk(join(HERE, 'render', 'entry.ts'), bundles[0]!, 'render');
const otherFlags = RENDER_NODE_OPTIONS.split(' ').filter((flag) => flag && !flag.startsWith('--max-semi-space-size'));

interface Row {
  wallMs: number[];
  cpuMs: number[];
  gcMs: number[];
  scavenges: number[];
  pssMb: number[];
}
const rows = new Map<string, Row>();
for (let round = 0; round < Number(roundsArg); round++) {
  for (const size of sizes) {
    for (const dir of bundles) {
      const run = await runMeasured(process.execPath, [`--max-semi-space-size=${size}`, ...otherFlags, join(dir, 'index.mjs'), join(WORK, 'render-input.json'), 'warm'], { cwd: WORK });
      const out = lastJson<{ times: number[]; cpuMsPerRender: number; gcMsPerRender: number; scavengesPerRender: number }>(run, 'warm render');
      const key = `${dir.split('/').pop()} semi ${size} MB`;
      const row = rows.get(key) ?? { wallMs: [], cpuMs: [], gcMs: [], scavenges: [], pssMb: [] };
      row.wallMs.push(median(out.times));
      row.cpuMs.push(out.cpuMsPerRender);
      row.gcMs.push(out.gcMsPerRender);
      row.scavenges.push(out.scavengesPerRender);
      row.pssMb.push(run.peakMb);
      rows.set(key, row);
      console.error(`round ${round + 1} ${key}: wall ${median(out.times).toFixed(0)} cpu ${out.cpuMsPerRender.toFixed(0)} gc ${out.gcMsPerRender.toFixed(0)} scavenges ${out.scavengesPerRender} pss ${run.peakMb.toFixed(1)}`);
    }
  }
}
const fmt = (values: number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
console.log('setting | warm median ms | CPU ms/render | GC ms/render | scavenges/render | peak PSS MB');
for (const [key, row] of rows) console.log(`${key} | ${fmt(row.wallMs)} | ${fmt(row.cpuMs)} | ${fmt(row.gcMs)} | ${fmt(row.scavenges, 1)} | ${fmt(row.pssMb, 1)}`);
