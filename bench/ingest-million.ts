/**
 * `npm run bench`, scale (issue 25): one 1,000,000-row reaction CSV ingested by the ingest Lambda's bundle,
 * as CDK deploys it, in a process of its own (plain node with the function's NODE_OPTIONS), against the
 * embedded emulators running in this process; then the compute Lambda's bundle, in another process,
 * computing that client-year from the request ingest sent. Reports each invocation's wall and CPU time
 * and its process's peak resident set (what Lambda's memory limit counts), next to the function's
 * configured memory and timeout (SIZING in infra/effekt-stack.ts). Prints one JSON line
 * (`ingestMillionRows` in bench/results.json, compute's figures under `compute`).
 *
 *   tsx bench/ingest-million.ts [rows] [file.csv|file.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { generateReactionCsv } from '../examples/generate.ts';
import { startEmulators } from '../cli/local/emulators.ts';
import { LOCAL_CREDENTIALS } from '../cli/local/stage-wiring.ts';
import { attachRuntime, type LocalRuntime } from '../cli/local/runtime.ts';
import { dynamoStores } from '../functions/aws/store/index.ts';
import { nodeOptionsFor } from '../infra/constructs/stage-function.ts';
import { SIZING } from '../infra/effekt-stack.ts';
import { bundleLikeCdk, PROJECT_ROOT } from './lib/bundle.ts';
import { lastJson, runMeasured } from './lib/proc.ts';
import { s3CreatedEvent, sqsEvent } from './lib/sqs-events.ts';

const WORK = join(import.meta.dirname, '.work');
const ROWS = Number(process.argv[2] ?? 1_000_000);
/** A CSV file to ingest instead of the generated one (e.g. bench/.work/largest-accepted.csv). */
const FILE = process.argv[3];

/**
 * The handler process: loads the bundle, handles the small client-year's message (a container's first
 * invocation: module loading, first-call compilation), then the large one's, timed. Plain JavaScript, so
 * that nothing but the bundle and node is in the measured process.
 */
const child = (stage: 'ingest' | 'compute') => `
const [bundle, smallEvent, largeEvent] = process.argv.slice(2);
const { handler } = await import(bundle);
const context = { functionName: 'effekt-bench-${stage}', memoryLimitInMB: '${SIZING[stage].memorySize}', awsRequestId: 'bench', getRemainingTimeInMillis: () => ${SIZING[stage].timeout.toMilliseconds()} };
const small = await handler(JSON.parse(smallEvent), context);
if (small && small.batchItemFailures.length > 0) throw new Error('the small client-year failed');
const rssBeforeMb = process.memoryUsage().rss / 1048576;
const cpu = process.cpuUsage();
const started = performance.now();
const large = await handler(JSON.parse(largeEvent), context);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const failed = Boolean(large && large.batchItemFailures.length > 0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb, failed }) + '\\n');
`;

interface StageFigures {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
  peakPssMb: number;
  nodeOptions: string;
  memorySizeMb: number;
  timeoutMs: number;
}

/** One stage's bundle in a process of its own: the small client-year's event, then the large one's, measured. */
async function runStage(stage: 'ingest' | 'compute', runtime: LocalRuntime, smallEvent: string, largeEvent: string): Promise<StageFigures> {
  const bundle = await bundleLikeCdk(join(PROJECT_ROOT, `functions/${stage}/handler.ts`), join(WORK, `${stage}-bundle-million`), stage);
  const script = join(WORK, `${stage}-million-child.mjs`);
  writeFileSync(script, child(stage));
  // INGEST_MILLION_NODE_OPTIONS: other flags than the deployed ones for ingest, to try a heap limit.
  const nodeOptions = (stage === 'ingest' ? process.env.INGEST_MILLION_NODE_OPTIONS : undefined) ?? nodeOptionsFor(stage);
  // MILLION_PROFILE_DIR: a CPU profile of each stage's process, written there.
  const profile = process.env.MILLION_PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.MILLION_PROFILE_DIR}`, `--cpu-prof-name=${stage}.cpuprofile`];
  const run = await runMeasured(process.execPath, [...(nodeOptions ? nodeOptions.split(' ') : []), ...profile, script, pathToFileURL(bundle.file).href, smallEvent, largeEvent], {
    env: {
      ...process.env,
      ...runtime.env,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    intervalMs: 100,
  });
  if (run.code !== 0) throw new Error(`the ${stage} process failed: ${run.stderr.slice(-2000)}`);
  const out = lastJson<{ ms: number; cpuMs: number; maxRssMb: number; rssBeforeMb: number; failed: boolean }>(run, `large ${stage}`);
  if (out.failed) throw new Error(`the large client-year's ${stage} failed: ${run.stderr.slice(-2000)}`);
  return {
    ms: Math.round(out.ms),
    cpuMs: Math.round(out.cpuMs),
    peakRssMb: Math.round(out.maxRssMb),
    rssBeforeMb: Math.round(out.rssBeforeMb),
    peakPssMb: Math.round(run.peakMb),
    nodeOptions,
    memorySizeMb: SIZING[stage].memorySize,
    timeoutMs: SIZING[stage].timeout.toMilliseconds(),
  };
}

/** The compute requests ingest sent, by client. */
async function computeRequests(runtime: LocalRuntime): Promise<Map<string, string>> {
  const requests = new Map<string, string>();
  for (let attempt = 0; attempt < 5 && requests.size < 2; attempt++) {
    const received = await runtime.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: runtime.queues.urls.compute, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of received.Messages ?? []) {
      const body = message.Body ?? '{}';
      const clientId = (JSON.parse(body) as { clientId?: string }).clientId;
      if (clientId !== undefined) requests.set(clientId, body);
    }
  }
  return requests;
}

async function main(): Promise<void> {
  const emulators = await startEmulators();
  try {
    const runtime = await attachRuntime(emulators.endpoints, { prefix: 'million-', stages: [], keyFile: join(WORK, 'pseudonym.key'), logLevel: 'ERROR', coalesceSeconds: 0 });
    const bucket = runtime.names.uploadsBucket;
    const large = FILE === undefined ? Buffer.from(generateReactionCsv(ROWS), 'utf8') : readFileSync(FILE);
    // The file's own extension decides how ingest reads it (a JSON file of rows, say).
    const largeKey = `million/2025/reaktioner${FILE === undefined ? '.csv' : extname(FILE)}`;
    await runtime.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: largeKey, Body: large }));
    await runtime.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'warmup/2025/reaktioner.csv', Body: generateReactionCsv(100) }));
    const ingest = await runStage('ingest', runtime, JSON.stringify(s3CreatedEvent(bucket, 'warmup/2025/reaktioner.csv', '1')), JSON.stringify(s3CreatedEvent(bucket, largeKey, '2')));
    const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
    const files = await store.files.listFiles('million', 2025);
    const rejections = await store.files.listRejections('million', 2025);
    const rows = files[0]?.rows ?? 0;
    // Compute the two client-years from the requests ingest sent, as the compute queue would deliver them.
    const requests = await computeRequests(runtime);
    const warmupRequest = requests.get('warmup');
    const largeRequest = requests.get('million');
    const compute = files[0] !== undefined && warmupRequest !== undefined && largeRequest !== undefined ? await runStage('compute', runtime, JSON.stringify(sqsEvent(warmupRequest, 'c1')), JSON.stringify(sqsEvent(largeRequest, 'c2'))) : undefined;
    const metrics = compute === undefined ? undefined : await store.metrics.getMetrics('million', 2025);
    await runtime.stop();
    process.stdout.write(
      `${JSON.stringify({
        rows,
        fileBytes: large.byteLength,
        outcome: files[0] !== undefined ? 'committed' : rejections[0] ? `rejected: ${rejections[0].problems[0]?.rule}` : 'failed',
        ...ingest,
        rowsPerSec: Math.round(rows / (ingest.ms / 1000)),
        compute: compute === undefined ? null : { ...compute, reactionsCounted: metrics?.reaction?.responses ?? null },
      })}\n`,
    );
  } finally {
    await emulators.stop();
  }
}

await main();
