/**
 * `npm run bench`, scale (issue 25): one 1,000,000-row reaction CSV ingested by the ingest Lambda's bundle,
 * as CDK deploys it, in a process of its own (plain node with the function's NODE_OPTIONS), against the
 * embedded emulators running in this process. Reports the invocation's wall and CPU time and the handler
 * process's peak resident set (what Lambda's memory limit counts), next to the function's configured
 * memory and timeout (SIZING in infra/effekt-stack.ts). Prints one JSON line (`ingestMillionRows` in
 * bench/results.json).
 *
 *   tsx bench/ingest-million.ts [rows] [file.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { generateReactionCsv } from '../examples/generate.ts';
import { startEmulators } from '../cli/local/emulators.ts';
import { LOCAL_CREDENTIALS } from '../cli/local/stage-wiring.ts';
import { attachRuntime } from '../cli/local/runtime.ts';
import { dynamoStores } from '../functions/aws/store/index.ts';
import { nodeOptionsFor } from '../infra/constructs/stage-function.ts';
import { SIZING } from '../infra/effekt-stack.ts';
import { bundleLikeCdk, PROJECT_ROOT } from './lib/bundle.ts';
import { lastJson, runMeasured } from './lib/proc.ts';

const WORK = join(import.meta.dirname, '.work');
const ROWS = Number(process.argv[2] ?? 1_000_000);
/** A CSV file to ingest instead of the generated one (e.g. bench/.work/largest-accepted.csv). */
const FILE = process.argv[3];

/**
 * The handler process: loads the bundle, ingests a 100-row file (a container's first invocation: module
 * loading, first-call compilation), then the large one, timed. Plain JavaScript, so that nothing but the
 * bundle and node is in the measured process.
 */
const CHILD = `
const [bundle, smallEvent, largeEvent] = process.argv.slice(2);
const { handler } = await import(bundle);
const context = { functionName: 'effekt-bench-ingest', memoryLimitInMB: '${SIZING.ingest.memorySize}', awsRequestId: 'bench', getRemainingTimeInMillis: () => ${SIZING.ingest.timeout.toMilliseconds()} };
const small = await handler(JSON.parse(smallEvent), context);
if (small && small.batchItemFailures.length > 0) throw new Error('the 100-row ingest failed');
const rssBeforeMb = process.memoryUsage().rss / 1048576;
const cpu = process.cpuUsage();
const started = performance.now();
const large = await handler(JSON.parse(largeEvent), context);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const failed = Boolean(large && large.batchItemFailures.length > 0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb, failed }) + '\\n');
`;

function s3Event(bucket: string, key: string, sequencer: string): string {
  const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, sequencer } } }] });
  return JSON.stringify({ Records: [{ messageId: `bench-${sequencer}`, receiptHandle: 'bench', body, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, eventSource: 'aws:sqs' }] });
}

async function main(): Promise<void> {
  const emulators = await startEmulators();
  try {
    const runtime = await attachRuntime(emulators.endpoints, { prefix: 'million-', stages: [], keyFile: join(WORK, 'pseudonym.key'), logLevel: 'ERROR', coalesceSeconds: 0 });
    const bundle = await bundleLikeCdk(join(PROJECT_ROOT, 'functions/ingest/handler.ts'), join(WORK, 'ingest-bundle-million'), 'ingest');
    const bucket = runtime.names.uploadsBucket;
    const large = FILE === undefined ? Buffer.from(generateReactionCsv(ROWS), 'utf8') : readFileSync(FILE);
    await runtime.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'million/2025/reaktioner.csv', Body: large }));
    await runtime.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'warmup/2025/reaktioner.csv', Body: generateReactionCsv(100) }));
    const child = join(WORK, 'ingest-million-child.mjs');
    writeFileSync(child, CHILD);
    // INGEST_MILLION_NODE_OPTIONS: other flags than the deployed ones, to try a heap limit.
    const nodeOptions = process.env.INGEST_MILLION_NODE_OPTIONS ?? nodeOptionsFor('ingest');
    const run = await runMeasured(
      process.execPath,
      [...(nodeOptions ? nodeOptions.split(' ') : []), child, pathToFileURL(bundle.file).href, s3Event(bucket, 'warmup/2025/reaktioner.csv', '1'), s3Event(bucket, 'million/2025/reaktioner.csv', '2')],
      {
        env: {
          ...process.env,
          ...runtime.env,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          POWERTOOLS_METRICS_DISABLED: 'true',
        },
        intervalMs: 100,
      },
    );
    if (run.code !== 0) throw new Error(`the ingest process failed: ${run.stderr.slice(-2000)}`);
    const out = lastJson<{ ms: number; cpuMs: number; maxRssMb: number; rssBeforeMb: number; failed: boolean }>(run, '1,000,000-row ingest');
    const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
    const files = await store.files.listFiles('million', 2025);
    const rejections = await store.files.listRejections('million', 2025);
    await runtime.stop();
    process.stdout.write(
      `${JSON.stringify({
        rows: files[0]?.rows ?? ROWS,
        fileBytes: large.byteLength,
        outcome: files[0] !== undefined ? 'committed' : rejections[0] ? `rejected: ${rejections[0].problems[0]?.rule}` : 'failed',
        ms: Math.round(out.ms),
        cpuMs: Math.round(out.cpuMs),
        rowsPerSec: Math.round(ROWS / (out.ms / 1000)),
        peakRssMb: Math.round(out.maxRssMb),
        rssBeforeMb: Math.round(out.rssBeforeMb),
        peakPssMb: Math.round(run.peakMb),
        nodeOptions,
        memorySizeMb: SIZING.ingest.memorySize,
        timeoutMs: SIZING.ingest.timeout.toMilliseconds(),
      })}\n`,
    );
  } finally {
    await emulators.stop();
  }
}

await main();
