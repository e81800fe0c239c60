/**
 * The render bench's program, bundled with the CDK stack's esbuild options (bench/lib/bundle.ts) and run
 * in plain Node like the render Lambda: `node index.mjs <render-input.json> <warm|cold> [out.pdf]`, with the
 * render function's NODE_OPTIONS as flags and its RENDER_V8_FLAGS set as its handler sets them.
 * cold: load the code, render one report, exit. warm: 2 warm-ups, then 10 timed renders.
 * Prints one JSON line; `sinceProcessStartMs` is performance.now() at the end, i.e. from
 * performance.timeOrigin (process start).
 *
 * Profiling (`npm run bench:profile`, bench/profile.ts): with BENCH_CPU_PROFILE=<file> a warm run records a
 * CPU profile of the 10 timed renders only (node:inspector, after the warm-ups). A cold run is profiled by
 * `node --cpu-prof` from process start; it prints `renderStartUs`, the monotonic clock (µs, the clock of
 * the profile's timestamps) when renderReport was called, so the summary can tell loading from rendering.
 * A warm run also prints `gcMsPerRender`: V8's own GC pause time (perf_hooks 'gc' entries) per timed render,
 * and how many of those entries there were per render (all kinds, and scavenges alone).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { renderReport, type ReportInput } from '../../functions/core/report/index.ts';
import { applyRenderV8Flags } from '../../functions/render/v8-flags.ts';

// As the render handler does when it loads; BENCH_V8_DEFAULTS=1 (the bench's contrast run) leaves V8's defaults.
if (process.env.BENCH_V8_DEFAULTS !== '1') applyRenderV8Flags();
const [inputPath, mode = 'cold', outPath] = process.argv.slice(2);
const profileFile = process.env.BENCH_CPU_PROFILE;
const input = JSON.parse(readFileSync(inputPath!, 'utf8')) as ReportInput;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

if (mode === 'cold') {
  const renderStartUs = monotonicUs();
  const t = performance.now();
  const pdf = await renderReport(input);
  const renderMs = performance.now() - t;
  if (outPath) writeFileSync(outPath, pdf);
  process.stdout.write(`${JSON.stringify({ bytes: pdf.byteLength, renderMs, renderStartUs, sinceProcessStartMs: performance.now() })}\n`);
} else {
  for (let i = 0; i < 2; i++) await renderReport(input);
  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
  }
  // GC pauses as V8 reports them: the sampling profiler under-counts them (a pause delays the next sample).
  let gcMs = 0;
  let scavenges = 0;
  let gcEvents = 0;
  const count = (entry: PerformanceEntry) => {
    gcMs += entry.duration;
    gcEvents++;
    if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
  };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) count(entry);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  const cpu = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const pdf = await renderReport(input);
    times.push(performance.now() - t);
    bytes = pdf.byteLength;
  }
  if (session && profileFile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  const used = process.cpuUsage(cpu);
  await new Promise((resolve) => setImmediate(resolve));
  // Entries not yet delivered to the callback (Node queues them) would be lost by disconnect().
  for (const entry of gcObserver.takeRecords()) count(entry);
  gcObserver.disconnect();
  const gcMsPerRender = gcMs / times.length;
  // CPU time of the whole process (all threads, GC helpers included) per render: steadier than wall time on a shared machine.
  const cpuMsPerRender = (used.user + used.system) / 1000 / times.length;
  process.stdout.write(`${JSON.stringify({ bytes, times, cpuMsPerRender, gcMsPerRender, scavengesPerRender: scavenges / times.length, gcEventsPerRender: gcEvents / times.length })}\n`);
}
