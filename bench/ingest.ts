/**
 * Child process of the bench: ingest throughput through the real ingest Lambda handler, bundled as CDK
 * deploys it (and, for comparison, from source) against the embedded emulators (s3rver, dynalite, SQS, SES),
 * and the raw csv-parse rate on the same 100k-row file. Prints one JSON line. `npm run bench` starts it with
 * the ingest function's NODE_OPTIONS (INGEST_NODE_OPTIONS in infra), which then hold for everything in this
 * process, csv-parse's runs included; run by hand, give them yourself (`node --v8-pool-size=1 --import tsx …`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Context, SQSEvent } from 'aws-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { generateReactionCsv } from '../examples/generate.ts';
import { startEmulators } from '../cli/local/emulators.ts';
import { LOCAL_CREDENTIALS } from '../cli/local/stage-wiring.ts';
import { attachRuntime } from '../cli/local/runtime.ts';
import { dynamoStores } from '../functions/aws/store/index.ts';
import { instrumentCatalog } from '../functions/core/instruments/builtin.ts';
import { parseDataFile } from '../functions/core/parse/index.ts';
import { bundleLikeCdk, PROJECT_ROOT } from './lib/bundle.ts';
import { median, threadCpuMs } from './lib/proc.ts';
import { s3CreatedEvent } from './lib/sqs-events.ts';

const WORK = join(import.meta.dirname, '.work');
const SIZES = [1_000, 10_000, 100_000] as const;
/** Timed files per size after the first one of that size (5: this VM's times vary widely run to run). */
const RUNS_PER_SIZE = 5;

/** First letters of the respondent ids of the files after the 100-row one (which keeps the generator's P). */
const OTHER_LETTERS = 'ABCDEFGHIJKLMNOQRSTUVWXYZ';

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'effekt-bench-ingest',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:effekt-bench-ingest',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/effekt-bench-ingest',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 900_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

const s3Event = (bucket: string, key: string, sequencer: string): SQSEvent => s3CreatedEvent(bucket, key, sequencer, 'effekt-bench-ingest');

/**
 * INGEST_BENCH_PROFILE=<path prefix>: a CPU profile of the timed 100k ingests (steady state) of each
 * series, written to <prefix>-<client>.cpuprofile (the emulators run in this process and are in it too).
 */
const profile = process.env.INGEST_BENCH_PROFILE;

async function startProfile(): Promise<{ stopInto(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stopInto(file: string) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(taken));
      session.disconnect();
    },
  };
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** A full garbage collection, without starting the process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const files = new Map<number, Buffer>();
  for (const rows of [100, ...SIZES]) {
    const text = generateReactionCsv(rows, rows);
    files.set(rows, Buffer.from(text, 'utf8'));
  }
  // Run k of a size: the same respondents and shape with other ratings (seed), so its content is new.
  // Every file is made before any is timed: generating one leaves tens of MB of garbage, which a timed
  // invocation would otherwise collect as if it were its own.
  // Every file of a series goes into one client-year, and one person counts once across its files
  // (issue 23): each file gets respondents of its own (ids with their own first letter, so the bytes per
  // row stay the same). With the generator's ids in every file, every file after the first was refused
  // as repeating the first one's responses, and the bench timed that refusal instead of an ingest.
  const ownPeople = (text: string, size: number, run: number) => text.replace(/^P/gm, OTHER_LETTERS[SIZES.indexOf(size as (typeof SIZES)[number]) * (RUNS_PER_SIZE + 1) + run]!);
  for (const rows of SIZES) files.set(rows, Buffer.from(ownPeople(files.get(rows)!.toString('utf8'), rows, 0), 'utf8'));
  const runFiles = new Map<string, Buffer>();
  for (const rows of SIZES) {
    for (let run = 1; run <= RUNS_PER_SIZE; run++) runFiles.set(`${rows}/${run}`, Buffer.from(ownPeople(generateReactionCsv(rows, rows + run), rows, run), 'utf8'));
  }
  const fileOf = (rows: number, run: number): Buffer => (run === 0 ? files.get(rows)! : runFiles.get(`${rows}/${run}`)!);
  // And that garbage is collected now, before anything is timed (csv-parse's first runs paid for it).
  collectGarbage();
  writeFileSync(join(WORK, 'reactions-100k.csv'), files.get(100_000)!);

  // Raw csv-parse on the 100k file: the options our reader passes (functions/core/parse/csv.ts), so this
  // is the ceiling for parsing. 5 times after one warm-up here, and 5 more right after the bundled
  // handler's 100k runs: the ratio uses the median of all ten, so that the machine's speed drifting in the
  // seconds between the two measurements (this VM's does) does not tilt it either way.
  const text100k = files.get(100_000)!.toString('utf8');
  const csvOptions = { delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: '\n' };
  const rawTimes: number[] = [];
  // CPU time too (this process's, every thread): on a shared machine it moves far less with the load than wall time.
  const rawCpuTimes: number[] = [];
  const timeCsvParse = (times: number) => {
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      parse(text100k, csvOptions);
      rawCpuTimes.push(cpuMsSince(cpu));
      rawTimes.push(performance.now() - t);
    }
  };
  parse(text100k, csvOptions);
  timeCsvParse(5);

  // Our whole parser (decode, csv-parse, header/row rules) on the same bytes: where ingest time goes.
  const catalog = instrumentCatalog([]);
  const ourTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const parsed = await parseDataFile({ fileName: 'reactions-100k.csv', bytes: new Uint8Array(files.get(100_000)!), instruments: catalog });
    ourTimes.push(performance.now() - t);
    if (!parsed.ok) throw new Error(`bench file rejected: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  }
  const ourParseMs = median(ourTimes);

  // The same rows with every comment quoted (and holding the delimiter): such files cannot take the
  // reader's quote-free split and go through csv-parse, so this is our parser's rate on quoted CSV.
  const quoted = new Uint8Array(Buffer.from(text100k.replaceAll('Bra dagar', '"Bra, dagar"'), 'utf8'));
  const quotedTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const parsed = await parseDataFile({ fileName: 'reactions-100k-quoted.csv', bytes: quoted, instruments: catalog });
    quotedTimes.push(performance.now() - t);
    if (!parsed.ok) throw new Error(`quoted bench file rejected: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  }
  const ourQuotedParseMs = median(quotedTimes);

  const threadsBeforeEmulators = new Set(threadCpuMs().keys());
  const emulators = await startEmulators();
  // The threads the emulators started (dynalite's own thread among them), told apart in the per-thread figures.
  const emulatorThreads = new Set([...threadCpuMs().keys()].filter((tid) => !threadsBeforeEmulators.has(tid)));
  try {
    // Provision table, buckets and queues, but start no event source: the bench invokes the handler
    // itself and times just that invocation.
    const runtime = await attachRuntime(emulators.endpoints, {
      prefix: 'bench-',
      stages: [],
      keyFile: join(WORK, 'pseudonym.key'),
      logLevel: 'ERROR',
      coalesceSeconds: 0,
    });
    // As deployed: the ingest bundle CDK would upload (minified, its pseudonymisation worker beside it).
    // For comparison with earlier runs, also the TypeScript source through tsx, as the local CLI runs it.
    const bundle = await bundleLikeCdk(join(PROJECT_ROOT, 'functions/ingest/handler.ts'), join(WORK, 'ingest-bundle'), 'ingest');
    const bucket = runtime.names.uploadsBucket;
    const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
    let sequencer = 1;
    // Per size: the first file of that size, then RUNS_PER_SIZE more with other ratings (so no upload is a
    // duplicate of another); the figure is their median, measured like csv-parse's (median after a
    // warm-up). The first file's time is reported too: a container's first file that large also pays
    // for V8 growing its heap and, from 1 MB on, for starting the pseudonymisation thread.
    type Handler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>;
    let threadsMsPerRun: Record<string, number> = {};
    let roleMsPerRun: Record<string, number> = {};
    // Threads alive before the bundled series: the ones it starts are the pseudonymisation thread's.
    const threadsBeforeSeries = new Set(threadCpuMs().keys());
    const series = async (clientId: string, handler: Handler, after100k?: () => void) => {
      let lastCpuMs = 0;
      const ingestMs = async (rows: number, run: number): Promise<number> => {
        const key = `${clientId}/2025/reactions-${rows}-${run}.csv`;
        await runtime.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fileOf(rows, run) }));
        const t = performance.now();
        const cpu = process.cpuUsage();
        const response = await handler(s3Event(bucket, key, String(sequencer++).padStart(20, '0')), context);
        lastCpuMs = cpuMsSince(cpu);
        const ms = performance.now() - t;
        if (response && response.batchItemFailures.length > 0) throw new Error(`ingest of ${rows} rows failed`);
        // A refused file would time the refusal, not an ingest.
        const [rejection] = (await store.files.listRejections(clientId, 2025)).filter((r) => r.fileName === key.split('/').at(-1));
        if (rejection) throw new Error(`bench file ${key} was refused: ${rejection.problems[0]?.message}`);
        return ms;
      };
      // 100 rows: module loading and first-call JIT, not counted.
      await ingestMs(100, 0);
      const results: Record<string, { rows: number; ms: number; rowsPerSec: number; firstMs: number; runsMs: number[]; cpuMs: number; runsCpuMs: number[] }> = {};
      for (const rows of SIZES) {
        const firstMs = await ingestMs(rows, 0);
        const runsMs: number[] = [];
        const runsCpuMs: number[] = [];
        const profiling = rows === 100_000 && profile !== undefined ? await startProfile() : undefined;
        const threadsBefore = rows === 100_000 ? threadCpuMs() : undefined;
        for (let run = 1; run <= RUNS_PER_SIZE; run++) {
          runsMs.push(await ingestMs(rows, run));
          runsCpuMs.push(lastCpuMs);
        }
        if (threadsBefore) {
          const after = threadCpuMs();
          const perRun = [...after].map(([tid, ms]) => [tid === String(process.pid) ? 'main' : emulatorThreads.has(tid) ? `emulators ${tid}` : tid, Math.round((ms - (threadsBefore.get(tid) ?? 0)) / RUNS_PER_SIZE)] as const);
          threadsMsPerRun = Object.fromEntries(perRun.filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]));
          const roleOf = (tid: string) =>
            tid === String(process.pid) ? 'main' : emulatorThreads.has(tid) ? 'emulators' : threadsBeforeSeries.has(tid) ? 'v8AndOthers' : 'pseudonymisation';
          roleMsPerRun = { main: 0, pseudonymisation: 0, emulators: 0, v8AndOthers: 0 };
          for (const [tid, ms] of after) roleMsPerRun[roleOf(tid)]! += Math.round((ms - (threadsBefore.get(tid) ?? 0)) / RUNS_PER_SIZE);
        }
        if (profiling) await profiling.stopInto(`${profile}-${clientId}.cpuprofile`);
        if (rows === 100_000) after100k?.();
        const ms = median(runsMs);
        results[String(rows)] = {
          rows,
          ms: Math.round(ms),
          rowsPerSec: Math.round(rows / (ms / 1000)),
          firstMs: Math.round(firstMs),
          runsMs: runsMs.map(Math.round),
          cpuMs: Math.round(median(runsCpuMs)),
          runsCpuMs: runsCpuMs.map(Math.round),
        };
      }
      return results;
    };
    // The bundle's entry point reads its environment at its first invocation, as in Lambda: give this
    // process the deployment's variables (and the emulators' credentials) first.
    Object.assign(process.env, runtime.env, {
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const bundled = (await import(pathToFileURL(bundle.file).href)) as { handler: Handler };
    const results = await series('bench-bundle', bundled.handler, () => timeCsvParse(5));
    const parseMs = median(rawTimes);
    // INGEST_BENCH_BUNDLE_ONLY=1: the bundled series only (alternating A/B runs of this file).
    const fromSource = process.env.INGEST_BENCH_BUNDLE_ONLY === '1' ? undefined : await series('bench-source', await runtime.handler('ingest'));
    await runtime.stop();
    const rowsPer = (ms: number) => Math.round(100_000 / (ms / 1000));
    process.stdout.write(
      `${JSON.stringify({
        ingest: results,
        ingestRowsPerSec: results['100000']!.rowsPerSec,
        ingestFirst100kRowsPerSec: Math.round(100_000 / (results['100000']!.firstMs / 1000)),
        ingestFromSource: fromSource,
        ingestFromSourceRowsPerSec: fromSource?.['100000']!.rowsPerSec,
        parseRowsPerSec: rowsPer(parseMs),
        parseMs: Math.round(parseMs),
        parseRunsMs: rawTimes.map(Math.round),
        // The same ratio in CPU time: csv-parse's median CPU ms over the bundled 100k ingest's.
        parseCpuMs: Math.round(median(rawCpuTimes)),
        ingestCpuShareOfCsvParse: Math.round((median(rawCpuTimes) / results['100000']!.cpuMs) * 1000) / 1000,
        // CPU ms per timed 100k ingest of each thread (Linux; the last series'): main, then the others by thread id.
        ingest100kThreadCpuMs: threadsMsPerRun,
        // The same by role: the threads the series started are the pseudonymisation thread; the ones alive
        // before it (not the emulators') are V8's platform threads, libuv's pool and tsx's loader thread.
        ingest100kCpuMsByRole: roleMsPerRun,
        // The flags this process ran with (npm run bench: the ingest function's NODE_OPTIONS, INGEST_NODE_OPTIONS).
        nodeFlags: process.execArgv.filter((flag) => flag.startsWith('--') && flag !== '--import' && flag !== '--require'),
        ourParserRowsPerSec: rowsPer(ourParseMs),
        ourParserMs: Math.round(ourParseMs),
        ourParserQuotedRowsPerSec: rowsPer(ourQuotedParseMs),
        fileBytes100k: files.get(100_000)!.byteLength,
      })}\n`,
    );
  } finally {
    await emulators.stop();
  }
}

await main();
