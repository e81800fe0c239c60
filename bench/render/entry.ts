/**
 * The render bench's program, bundled with the CDK stack's esbuild options (bench/lib/bundle.ts) and run
 * in plain Node like the render Lambda: `node index.mjs <render-input.json> <warm|cold> [out.pdf]`.
 * cold: load the code, render one report, exit. warm: 2 warm-ups, then 10 timed renders.
 * Prints one JSON line; `sinceProcessStartMs` is performance.now() at the end, i.e. from
 * performance.timeOrigin (process start).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReport, type ReportInput } from '../../functions/core/report/index.ts';

const [inputPath, mode = 'cold', outPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath!, 'utf8')) as ReportInput;

if (mode === 'cold') {
  const t = performance.now();
  const pdf = await renderReport(input);
  const renderMs = performance.now() - t;
  if (outPath) writeFileSync(outPath, pdf);
  process.stdout.write(`${JSON.stringify({ bytes: pdf.byteLength, renderMs, sinceProcessStartMs: performance.now() })}\n`);
} else {
  for (let i = 0; i < 2; i++) await renderReport(input);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const pdf = await renderReport(input);
    times.push(performance.now() - t);
    bytes = pdf.byteLength;
  }
  process.stdout.write(`${JSON.stringify({ bytes, times })}\n`);
}
