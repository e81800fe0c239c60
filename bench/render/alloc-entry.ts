/**
 * The allocation profiler's program (bench/alloc-profile.ts), bundled like bench/render/entry.ts:
 * `node index.mjs <render-input.json> <out.heapprofile> [renders]`. After 2 warm-ups it samples every
 * allocation of the timed renders (V8's sampling heap profiler, objects the collector already freed
 * included; with BENCH_SURVIVORS=1 only what outlived the young generation) and writes the profile; prints one JSON line with the render count.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { renderReport, type ReportInput } from '../../functions/core/report/index.ts';
import { applyRenderV8Flags } from '../../functions/render/v8-flags.ts';

applyRenderV8Flags();

const [inputPath, outPath, count = '3'] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath!, 'utf8')) as ReportInput;
const renders = Number(count);
for (let i = 0; i < 2; i++) await renderReport(input);
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
// BENCH_SURVIVORS=1: leave out what a scavenge collected, i.e. count only what lived through one (what scavenges copy).
const minor = process.env.BENCH_SURVIVORS !== '1';
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: minor });
for (let i = 0; i < renders; i++) await renderReport(input);
const { profile } = await session.post('HeapProfiler.stopSampling');
writeFileSync(outPath!, JSON.stringify(profile));
session.disconnect();
process.stdout.write(`${JSON.stringify({ renders })}\n`);
