/**
 * `npm run bench:profile` (or `npm run bench -- --profile`): CPU profiles of the render as deployed, before
 * any tuning is judged. Bundles bench/render/entry.ts like the render Lambda, then runs it with the render
 * function's NODE_OPTIONS twice:
 *   cold: `node --cpu-prof` from process start to exit (load + the first report);
 *   warm: the 10 timed renders after 2 warm-ups, profiled in-process (node:inspector).
 * Writes bench/.work/profiles/render-{cold,warm}.cpuprofile (open them in Chrome DevTools or speedscope)
 * and profile-summary.json, and prints the by-phase and by-module tables of bench/lib/profile-summary.ts,
 * which docs/benchmarks.md quotes, and the warm render's top functions (bench/lib/profile-functions.ts). Needs bench/.work/render-input.json (written by `npm run bench`, or by
 * `tsx bench/e2e.ts` alone).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENDER_NODE_OPTIONS } from '../infra/constructs/stage-function.ts';
import { bundleLikeCdk } from './lib/bundle.ts';
import { lastJson, machine, median, runMeasured } from './lib/proc.ts';
import { functionTable } from './lib/profile-functions.ts';
import { moduleTable, phaseTable, summariseProfile, type CpuProfile, type ProfileSummary } from './lib/profile-summary.ts';

const HERE = import.meta.dirname;
const WORK = join(HERE, '.work');
const OUT = join(WORK, 'profiles');
const RENDER_FLAGS = RENDER_NODE_OPTIONS.split(' ').filter(Boolean);
const WARM_RENDERS = 10;

export interface RenderProfiles {
  warm: ProfileSummary & { renders: number; medianMs: number; gcObservedMs: number };
  cold: ProfileSummary & { wallMs: number };
  files: { warm: string; cold: string };
}

export async function profileRender(bundleDir = join(WORK, 'bundles', 'render-profile')): Promise<RenderProfiles> {
  const input = join(WORK, 'render-input.json');
  if (!existsSync(input)) throw new Error(`${input} is missing: run \`npm run bench\` once (or \`tsx bench/e2e.ts\`) to produce it`);
  mkdirSync(OUT, { recursive: true });
  await bundleLikeCdk(join(HERE, 'render', 'entry.ts'), bundleDir, 'render');
  const program = join(bundleDir, 'index.mjs');

  const coldDir = join(OUT, 'cold-tmp');
  rmSync(coldDir, { recursive: true, force: true });
  const cold = await runMeasured(process.execPath, [...RENDER_FLAGS, '--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${coldDir}`, program, input, 'cold'], { cwd: WORK, intervalMs: 0 });
  const coldOut = lastJson<{ renderStartUs: number }>(cold, 'cold render (profiled)');
  const coldFile = join(OUT, 'render-cold.cpuprofile');
  renameSync(join(coldDir, readdirSync(coldDir).find((f) => f.endsWith('.cpuprofile'))!), coldFile);
  rmSync(coldDir, { recursive: true, force: true });

  const warmFile = join(OUT, 'render-warm.cpuprofile');
  const warm = await runMeasured(process.execPath, [...RENDER_FLAGS, program, input, 'warm'], { cwd: WORK, intervalMs: 0, env: { ...process.env, BENCH_CPU_PROFILE: warmFile } });
  const warmOut = lastJson<{ times: number[]; gcMsPerRender: number }>(warm, 'warm render (profiled)');

  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return {
    warm: { ...summariseProfile(read(warmFile)), renders: WARM_RENDERS, medianMs: Math.round(median(warmOut.times)), gcObservedMs: Math.round(warmOut.gcMsPerRender) },
    cold: { ...summariseProfile(read(coldFile), coldOut.renderStartUs), wallMs: Math.round(cold.wallMs) },
    files: { warm: warmFile, cold: coldFile },
  };
}

export function printProfiles(p: RenderProfiles): void {
  console.log(`\nwarm render, per render (CPU profile of ${p.warm.renders} renders after 2 warm-ups; median wall ${p.warm.medianMs} ms while profiled)`);
  console.log(phaseTable(p.warm, p.warm.renders));
  console.log(`GC pauses as V8 reports them (perf_hooks): ${p.warm.gcObservedMs} ms per render (the sampled GC row under-counts pauses)`);
  console.log(`\n${moduleTable(p.warm, p.warm.renders)}`);
  console.log(`\nwarm render by function (self time; total = with callees), per render\n${functionTable(JSON.parse(readFileSync(p.files.warm, 'utf8')) as CpuProfile, p.warm.renders, 30)}`);
  console.log(`\ncold render, spawn → exit ${p.cold.wallMs} ms while profiled (load = before renderReport was called)`);
  console.log(phaseTable(p.cold));
  console.log(`\n${moduleTable(p.cold)}`);
  console.log(`\nprofiles: ${p.files.warm}, ${p.files.cold}`);
}

if (import.meta.filename === process.argv[1]) {
  const profiles = await profileRender();
  writeFileSync(join(OUT, 'profile-summary.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), nodeOptions: RENDER_NODE_OPTIONS, ...profiles }, null, 2)}\n`);
  printProfiles(profiles);
}
