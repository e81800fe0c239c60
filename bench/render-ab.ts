/**
 * `tsx bench/render-ab.ts <rounds> <bundle dir A> <bundle dir B> […] [--together] [--profile]`: warm render series
 * (bench/render/entry.ts, 2 warm-ups + 10 timed renders per process) of several bundles, run A, B, B, A… with
 * the render function's NODE_OPTIONS, so a shared machine's load falls on each alike. `--together` starts the
 * bundles of a round at the same time instead (on a machine loaded by others, each then gets the same share of
 * it); `--profile` writes each run's CPU profile to bench/.work/profiles/ab-<bundle>-<round>.cpuprofile. Per bundle, over the rounds: the median and
 * the best of each process's median render, of each process's fastest render (the figure least disturbed by
 * other work: load only ever adds), of CPU per render (all threads), V8's GC pause per render, peak PSS and
 * peak anonymous PSS (PSS less the file pages other node processes share).
 * Build bundles with bench/lib/bundle.ts (bundleLikeCdk) from two source trees. A bundle dir written as
 * `<dir>+<flag>[+<flag>…]` runs that bundle with those V8 flags added to the render's, so one bundle can be
 * compared with itself under other flags (`/tmp/ab/A /tmp/ab/A+--no-parallel-scavenge`); an added `NAME=value` (no
 * leading dash) sets an environment variable of that run instead (`/tmp/ab/A+MALLOC_ARENA_MAX=2`). Needs bench/.work/render-input.json.
 */
import { basename, join, resolve } from 'node:path';
import { RENDER_NODE_OPTIONS } from '../infra/constructs/stage-function.ts';
import { lastJson, median, runMeasured } from './lib/proc.ts';

const WORK = join(import.meta.dirname, '.work');
const together = process.argv.includes('--together');
const profile = process.argv.includes('--profile');
const [roundsArg = '5', ...dirs] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (dirs.length < 2) throw new Error('usage: tsx bench/render-ab.ts <rounds> <bundle dir A> <bundle dir B> [...]');
const flags = RENDER_NODE_OPTIONS.split(' ').filter(Boolean);

interface Row {
  medianMs: number[];
  fastestMs: number[];
  cpuMs: number[];
  gcMs: number[];
  pssMb: number[];
  anonMb: number[];
}
const rows = new Map<string, Row>(dirs.map((dir) => [dir, { medianMs: [], fastestMs: [], cpuMs: [], gcMs: [], pssMb: [], anonMb: [] }]));
for (let round = 0; round < Number(roundsArg); round++) {
  // Alternate which bundle goes first, so neither always follows the other.
  const order = round % 2 === 0 ? dirs : [...dirs].reverse();
  const runOne = async (dir: string) => {
    const [bundleDir = dir, ...extras] = dir.split('+');
    const extraFlags = extras.filter((extra) => extra.startsWith('-'));
    const extraEnv = Object.fromEntries(extras.filter((extra) => !extra.startsWith('-')).map((extra) => [extra.slice(0, extra.indexOf('=')), extra.slice(extra.indexOf('=') + 1)]));
    const env = { ...process.env, ...extraEnv, ...(profile ? { BENCH_CPU_PROFILE: join(WORK, 'profiles', `ab-${basename(dir).replace(/[^\w.-]+/g, '_')}-${round + 1}.cpuprofile`) } : {}) };
    const run = await runMeasured(process.execPath, [...flags, ...extraFlags, join(resolve(bundleDir), 'index.mjs'), join(WORK, 'render-input.json'), 'warm'], { cwd: WORK, env });
    const out = lastJson<{ times: number[]; cpuMsPerRender: number; gcMsPerRender: number }>(run, 'warm render');
    const row = rows.get(dir)!;
    row.medianMs.push(median(out.times));
    row.fastestMs.push(Math.min(...out.times));
    row.cpuMs.push(out.cpuMsPerRender);
    row.gcMs.push(out.gcMsPerRender);
    row.pssMb.push(run.peakMb);
    row.anonMb.push(run.peakAnonMb);
    console.error(`round ${round + 1} ${dir}: median ${median(out.times).toFixed(0)} fastest ${Math.min(...out.times).toFixed(0)} cpu ${out.cpuMsPerRender.toFixed(0)} gc ${out.gcMsPerRender.toFixed(0)} pss ${run.peakMb.toFixed(1)} anon ${run.peakAnonMb.toFixed(1)}`);
  };
  if (together) await Promise.all(order.map(runOne));
  else for (const dir of order) await runOne(dir);
}
const fmt = (values: number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
console.log('bundle | median render ms | fastest render ms | CPU ms/render | GC ms/render | peak PSS MB | peak anon PSS MB  (median over rounds, range)');
for (const [dir, row] of rows) console.log(`${dir} | ${fmt(row.medianMs)} | ${fmt(row.fastestMs)} | ${fmt(row.cpuMs)} | ${fmt(row.gcMs)} | ${fmt(row.pssMb, 1)} | ${fmt(row.anonMb, 1)}`);
