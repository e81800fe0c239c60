/**
 * `npm run bench`: every figure of docs/benchmarks.md in one run; writes bench/results.json and prints
 * a table. Each measurement runs in its own child process so memory and cold starts are isolated.
 * Work files go to bench/.work/ (gitignored). Not part of `npm test`.
 *
 * Order: bundles (also builds the render bench program) → end to end (also produces the sodertalje
 * 2025 metrics) → render prep (captures the bound charts for the baseline) → render warm/cold →
 * Chromium warm/cold → ingest. With `--profile` (`npm run bench -- --profile`) it also writes CPU profiles of
 * a warm and a cold render and puts their by-phase summary under `renderProfile` (bench/profile.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBundles, BUNDLE_DIR } from './bundles.ts';
import { INGEST_NODE_OPTIONS, nodeOptionsFor } from '../infra/constructs/stage-function.ts';
import { RENDER_V8_FLAGS } from '../functions/render/v8-flags.ts';
import { localRuntimeFlags } from '../cli/local/node-flags.ts';
import { bundleLikeCdk } from './lib/bundle.ts';
import { lastJson, machine, median, runMeasured, type ChildRun } from './lib/proc.ts';
import { printProfiles, profileRender } from './profile.ts';
import { estimateCost } from './lib/cost.ts';
import { SIZING } from '../infra/effekt-stack.ts';

const HERE = import.meta.dirname;
const WORK = join(HERE, '.work');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The ingest Lambda's NODE_OPTIONS: the ingest bench's process (handler, csv-parse and the emulators in it) runs with these. */
const INGEST_FLAGS = INGEST_NODE_OPTIONS.split(' ').filter(Boolean);
const PROFILE = process.argv.includes('--profile');
const started = performance.now();
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`[bench ${round((performance.now() - started) / 1000, 1)} s] ${message}\n`);

// Only the render runs are sampled for memory; the others run unobserved so the sampler costs them nothing.
const tsx = (file: string, args: string[] = [], flags: string[] = []) => runMeasured(process.execPath, [...flags, '--import', 'tsx', join(HERE, file), ...args], { cwd: join(HERE, '..'), intervalMs: 0 });
const node = (file: string, args: string[] = []) => runMeasured(process.execPath, [file, ...args], { cwd: WORK });

function expectOk(run: ChildRun, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}:\n${run.stderr.slice(-3000)}`);
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const results: Record<string, unknown> = { measuredAt: new Date().toISOString(), machine: machine() };

  log('bundling the Lambda handlers (CDK esbuild options) and timing import() in fresh processes…');
  Object.assign(results, await measureBundles());
  const renderBench = join(BUNDLE_DIR, 'render-bench');
  await bundleLikeCdk(join(HERE, 'render', 'entry.ts'), renderBench, 'render');

  log('end to end in local mode (one client-year, then 20 clients at once)…');
  // As `effekt demo` and `effekt serve` run the pipeline: in a process started with the local runtime's flags.
  const e2eRun = await tsx('e2e.ts', [], localRuntimeFlags());
  const e2e = lastJson<{ coalesceSeconds: number; single: { seconds: number | null }; twenty: { seconds: number | null } }>(e2eRun, 'end-to-end bench');
  results.endToEndSeconds = e2e.single.seconds;
  results.endToEnd = e2e;

  log('render: capturing the report’s bound charts for the baseline…');
  const prep = lastJson<{ pages: number; charts: number }>(await tsx('render/prepare.ts'), 'render prepare');
  results.report = { pages: prep.pages, charts: prep.charts };
  const input = join(WORK, 'render-input.json');

  // As deployed: plain node with the render function's NODE_OPTIONS as flags, its preload read from the bundle
  // directory as Lambda reads it from the task root.
  const renderFlags = nodeOptionsFor('render', renderBench).split(' ').filter(Boolean);
  const renderNode = (args: string[], flags = renderFlags, env: NodeJS.ProcessEnv = process.env) =>
    runMeasured(process.execPath, [...flags, join(renderBench, 'index.mjs'), ...args], { cwd: WORK, env });
  log(`render (ours, ${renderFlags.join(' ')}, V8 flags set by the handler: ${RENDER_V8_FLAGS.join(' ')}): cold = new process from spawn to exit…`);
  const cold = await renderNode([input, 'cold', join(WORK, 'ours-cold.pdf')]);
  expectOk(cold, 'cold render');
  const coldOut = lastJson<{ renderMs: number; sinceProcessStartMs: number }>(cold, 'cold render');
  log('render (ours): warm = median of 10 after 2 warm-ups…');
  const warm = await renderNode([input, 'warm']);
  expectOk(warm, 'warm render');
  const warmOut = lastJson<{ times: number[]; cpuMsPerRender: number; gcMsPerRender: number }>(warm, 'warm render');
  // For contrast, the same warm series with V8's default heap policy (no flags): the heap grows lazily
  // over a series (young generation up to 3 × 16 MB, old space unbounded), which is most of that peak.
  log('render (ours): warm again with V8 defaults (no flags), for contrast…');
  const defaults = await renderNode([input, 'warm'], [], { ...process.env, BENCH_V8_DEFAULTS: '1' });
  expectOk(defaults, 'warm render, V8 defaults');
  const defaultsOut = lastJson<{ times: number[] }>(defaults, 'warm render, V8 defaults');
  results.renderMs = round(median(warmOut.times));
  results.renderColdMs = round(cold.wallMs);
  results.renderPeakMb = round(Math.max(cold.peakMb, warm.peakMb), 1);
  results.render = {
    nodeOptions: nodeOptionsFor('render'),
    v8Flags: RENDER_V8_FLAGS.join(' '),
    warmTimesMs: warmOut.times.map((t) => round(t)),
    warmCpuMsPerRender: round(warmOut.cpuMsPerRender),
    warmGcMsPerRender: round(warmOut.gcMsPerRender),
    coldWallMs: round(cold.wallMs),
    coldSinceProcessStartMs: round(coldOut.sinceProcessStartMs),
    coldRenderCallMs: round(coldOut.renderMs),
    peakMbCold: round(cold.peakMb, 1),
    peakMbWarmSeries: round(warm.peakMb, 1),
    // PSS less the node binary's and the libraries' pages, which other node processes on the machine share.
    peakAnonMbWarmSeries: round(warm.peakAnonMb, 1),
    v8Defaults: { flags: '', warmMs: round(median(defaultsOut.times)), peakMb: round(defaults.peakMb, 1) },
  };

  if (PROFILE) {
    log('render: CPU profiles of a warm and a cold render (bench/profile.ts)…');
    const profiles = await profileRender();
    const perRender = (ms: Record<string, number>, n: number) => Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(v / n, 1)]));
    results.renderProfile = {
      warmPhasesMsPerRender: perRender(profiles.warm.phasesMs, profiles.warm.renders),
      warmModulesMsPerRender: perRender(Object.fromEntries(Object.entries(profiles.warm.modulesMs).slice(0, 15)), profiles.warm.renders),
      coldPhasesMs: profiles.cold.phasesMs,
      coldModulesMs: Object.fromEntries(Object.entries(profiles.cold.modulesMs).slice(0, 15)),
      files: profiles.files,
    };
    printProfiles(profiles);
  }

  if (existsSync(CHROMIUM)) {
    const driver = join(HERE, 'chromium', 'driver.mjs');
    const report = join(WORK, 'baseline-report.json');
    log('render baseline (vega-embed + headless Chromium): cold…');
    const ccold = await node(driver, [report, 'cold', join(WORK, 'chromium.pdf')]);
    expectOk(ccold, 'Chromium cold render');
    const ccoldOut = lastJson<{ pages: number }>(ccold, 'Chromium cold render');
    log('render baseline: warm = median of 10 after 2 warm-ups, browser kept…');
    const cwarm = await node(driver, [report, 'warm']);
    expectOk(cwarm, 'Chromium warm render');
    const cwarmOut = lastJson<{ times: number[] }>(cwarm, 'Chromium warm render');
    results.chromiumRenderMs = round(median(cwarmOut.times));
    results.chromiumColdMs = round(ccold.wallMs);
    results.chromiumPeakMb = round(Math.max(ccold.peakMb, cwarm.peakMb), 1);
    results.chromium = {
      executable: CHROMIUM,
      pages: ccoldOut.pages,
      warmTimesMs: cwarmOut.times.map((t) => round(t)),
      peakMbCold: round(ccold.peakMb, 1),
      peakMbWarmSeries: round(cwarm.peakMb, 1),
      peakAnonMbWarmSeries: round(cwarm.peakAnonMb, 1),
      peakProcesses: Math.max(ccold.peakProcesses, cwarm.peakProcesses),
    };
  } else {
    log(`Chromium not found at ${CHROMIUM}: baseline skipped (apt-get install -y chromium)`);
    Object.assign(results, { chromiumRenderMs: null, chromiumColdMs: null, chromiumPeakMb: null, chromium: { missing: CHROMIUM, install: 'apt-get install -y chromium' } });
  }

  log(`ingest through the real handler at 1k/10k/100k rows, and raw csv-parse (${INGEST_NODE_OPTIONS})…`);
  const ingest = lastJson<Record<string, unknown>>(await tsx('ingest.ts', [], INGEST_FLAGS), 'ingest bench');
  results.ingestRowsPerSec = ingest.ingestRowsPerSec;
  results.parseRowsPerSec = ingest.parseRowsPerSec;
  results.ingest = ingest;
  results.ingestMemory = lastJson<Record<string, unknown>>(await tsx('xlsx-memory.ts'), 'ingest memory bench (largest accepted XLSX and CSV, bench/xlsx-memory.ts)');
  log('ingest of a 1,000,000-row CSV, bundled handler in a process of its own (peak RSS, time)…');
  results.ingestMillionRows = lastJson<Record<string, unknown>>(await tsx('ingest-million.ts'), '1,000,000-row ingest bench');

  log('scale: compute at 10/100/1000 leaders, a 200-programme client-year rendered…');
  results.scale = lastJson<Record<string, unknown>>(await tsx('scale.ts'), 'scale bench');

  // Cost per report from this run's times: every invocation priced as cold (bundle load + work), a worst case.
  const loadSeconds = (stage: string) => ((results.bundleLoadMs as Record<string, number>)[stage] ?? 0) / 1000;
  const ingestSeries = (ingest.ingest as Record<string, { rowsPerSec: number }> | undefined)?.['1000'];
  const cost = estimateCost({
    files: 5,
    rowsPerFile: 1000,
    seconds: {
      ingest: loadSeconds('ingest') + (ingestSeries ? 1000 / ingestSeries.rowsPerSec : 0.1),
      compute: loadSeconds('compute') + 0.1,
      render: (results.renderColdMs as number) / 1000,
      deliver: loadSeconds('deliver') + 0.1,
    },
    memoryMb: { ingest: SIZING.ingest.memorySize, compute: SIZING.compute.memorySize, render: SIZING.render.memorySize, deliver: SIZING.deliver.memorySize },
    rowBytesPer100k: 2_000_000,
  });
  results.costPerClientYearUsd = round(cost.perClientYearUsd, 5);
  results.costPerThousandClientYearsUsd = round(cost.perThousandClientYearsUsd, 2);
  results.cost = { byServiceUsd: Object.fromEntries(Object.entries(cost.byService).map(([k, v]) => [k, round(v, 6)])), assumptions: 'bench/lib/cost.ts' };

  results.benchSeconds = round((performance.now() - started) / 1000, 1);
  results.machine = { ...(results.machine as object), loadAvg1mAtEnd: machine().loadAvg1m };
  writeFileSync(join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
}

function printTable(r: Record<string, unknown>): void {
  const n = (key: string) => r[key] as number | null;
  const ratio = (a: number | null, b: number | null) => (a && b ? `${round(b / a, 1)}×` : 'n/a');
  const rows: [string, string, string, string][] = [
    ['render warm (ms, median of 10)', String(n('renderMs')), String(n('chromiumRenderMs')), ratio(n('renderMs'), n('chromiumRenderMs'))],
    ['render cold (ms, spawn→exit)', String(n('renderColdMs')), String(n('chromiumColdMs')), ratio(n('renderColdMs'), n('chromiumColdMs'))],
    ['render peak PSS (MB, process tree)', String(n('renderPeakMb')), String(n('chromiumPeakMb')), ratio(n('renderPeakMb'), n('chromiumPeakMb'))],
  ];
  const pad = (s: string, w: number) => s.padEnd(w);
  console.log(`\n${pad('', 36)}${pad('ours', 10)}${pad('Chromium', 10)}advantage`);
  for (const row of rows) console.log(`${pad(row[0], 36)}${pad(row[1], 10)}${pad(row[2], 10)}${row[3]}`);
  const render = r.render as { nodeOptions: string; v8Flags?: string; peakMbCold: number; peakMbWarmSeries: number; v8Defaults: { warmMs: number; peakMb: number } };
  const chromium = r.chromium as { peakMbCold?: number; peakMbWarmSeries?: number };
  console.log(`peak PSS one report in a new process: ours ${render.peakMbCold} MB vs Chromium ${chromium.peakMbCold ?? 'n/a'} MB; over the warm series: ${render.peakMbWarmSeries} vs ${chromium.peakMbWarmSeries ?? 'n/a'} MB`);
  console.log(`ours ran with the render function's NODE_OPTIONS (${render.nodeOptions}) and V8 flags (${render.v8Flags ?? 'none'}); with V8 defaults: warm ${render.v8Defaults.warmMs} ms, peak ${render.v8Defaults.peakMb} MB`);
  const ingest = r.ingest as {
    ingest: Record<string, { rowsPerSec: number }>;
    ingestFromSource: Record<string, { rowsPerSec: number }>;
    ingestFirst100kRowsPerSec: number;
    ingest100kThreadCpuMs?: Record<string, number>;
    ingest100kCpuMsByRole?: Record<string, number>;
    nodeFlags?: string[];
  };
  const perSize = (series: Record<string, { rowsPerSec: number }>) => Object.entries(series).map(([k, v]) => `${Number(k) / 1000}k: ${v.rowsPerSec}`).join(', ');
  console.log(`\ningest rows/s (real handler as bundled → dynalite, median of 5 per size): ${perSize(ingest.ingest)}; first 100k file: ${ingest.ingestFirst100kRowsPerSec}`);
  console.log(`  the same handler from TypeScript source (tsx, as the local CLI runs it): ${perSize(ingest.ingestFromSource)}`);
  console.log(`csv-parse alone (100k): ${n('parseRowsPerSec')} rows/s → ingest is ${round(((n('ingestRowsPerSec') ?? 0) / (n('parseRowsPerSec') ?? 1)) * 100)}% of it`);
  const threads = Object.entries(ingest.ingest100kThreadCpuMs ?? {}).map(([thread, ms]) => `${thread} ${ms}`);
  if (threads.length > 0) console.log(`  CPU ms per 100k ingest by thread (main, emulators', then the rest by thread id): ${threads.join(', ')}`);
  const roles = Object.entries(ingest.ingest100kCpuMsByRole ?? {}).map(([role, ms]) => `${role} ${ms}`);
  if (roles.length > 0) console.log(`  the same by role: ${roles.join(', ')}; the ingest bench ran with ${ingest.nodeFlags?.join(' ') || 'no flags'} (the ingest function's NODE_OPTIONS)`);
  const e2e = r.endToEnd as { coalesceSeconds: number; single: { seconds: number | null }; twenty: { seconds: number | null } };
  console.log(`end to end (coalesceSeconds=${e2e.coalesceSeconds}): one client-year ${e2e.single.seconds} s, 20 clients at once ${e2e.twenty.seconds} s`);
  const million = r.ingestMillionRows as { rows: number; outcome: string; peakRssMb: number; cpuMs: number; memorySizeMb: number; compute: { peakRssMb: number; cpuMs: number; memorySizeMb: number } | null };
  const computed = million.compute === null ? 'not computed' : `compute peak RSS ${million.compute.peakRssMb} of ${million.compute.memorySizeMb} MB, CPU ${round(million.compute.cpuMs / 1000, 1)} s`;
  console.log(`${million.rows.toLocaleString('en')}-row CSV: ${million.outcome}, ingest peak RSS ${million.peakRssMb} of ${million.memorySizeMb} MB, CPU ${round(million.cpuMs / 1000, 1)} s; ${computed}`);
  console.log(`AWS cost (estimate, bench/lib/cost.ts): $${n('costPerClientYearUsd')} per client-year, $${n('costPerThousandClientYearsUsd')} for 1,000 a year`);
  console.log('\nbundle            bytes at cold start (index.mjs and its static chunks)  import ms as deployed (with --enable-source-maps, for contrast)');
  const bytes = (r.bundleColdStartBytes ?? r.bundleBytes) as Record<string, number>;
  const load = r.bundleLoadMs as Record<string, number>;
  const loadMaps = r.bundleLoadMsWithSourceMaps as Record<string, number>;
  for (const stage of Object.keys(bytes)) console.log(`${pad(stage, 18)}${pad(String(bytes[stage]), 55)}${load[stage]} (${loadMaps[stage]})`);
  const lazyMs = r.lazyModuleLoadMs as Record<string, number>;
  const lazyBytes = r.lazyModuleBytes as Record<string, number>;
  for (const key of Object.keys(lazyMs)) console.log(`  lazy ${pad(key, 50)}${pad(String(lazyBytes[key]), 11)}+${lazyMs[key]} ms on first use`);
  const m = r.machine as Record<string, unknown>;
  console.log(`\n${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}; load ${m.loadAvg1m} → ${m.loadAvg1mAtEnd}; bench took ${r.benchSeconds} s`);
  console.log('written: bench/results.json');
}

await main();
