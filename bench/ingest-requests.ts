/**
 * The requests ingest sends per file, by file and command (`npx tsx bench/ingest-requests.ts`): the example
 * client-year's files ingested one after another by the production ingest handler on the embedded emulators,
 * for BENCH_CLIENTS clients (default 2; the first two are listed file by file), then three files again
 * unchanged. Counts are of the stage's own clients (not the uploads), and do not depend on the machine. The
 * last line is JSON: the requests and the CPU (ms, by thread: `main` runs ingest, s3rver and the SQS emulator,
 * `dynamodb` the table's emulator) of ingesting the client-years (docs/benchmarks.md, ninth pass).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { startLocalRuntime } from '../cli/local/runtime.ts';
import { threadCpuMs } from './lib/proc.ts';
import { s3CreatedEvent } from './lib/sqs-events.ts';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'sodertalje');

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
const threadsBefore = new Set(threadCpuMs().keys());
const runtime = await startLocalRuntime({ coalesceSeconds: 0, logLevel: 'ERROR', stages: [] });
const counts: Record<string, number> = {};
for (const [service, client] of Object.entries(runtime.stageClients)) {
  (client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).add(
    (next, context) => (args) => {
      const key = `${service} ${(context.commandName ?? '').replace(/Command$/, '')}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchIngestRequests' },
  );
}
const ingest = await runtime.handler('ingest');
const context = { functionName: 'ingest', awsRequestId: 'bench', getRemainingTimeInMillis: () => 60_000 } as Context;
let sequencer = 1;

async function ingestOne(clientId: string, name: string, body: Buffer | string, listed = true): Promise<number> {
  const key = `${clientId}/2025/${name}`;
  await runtime.aws.s3.send(new PutObjectCommand({ Bucket: runtime.names.uploadsBucket, Key: key, Body: body }));
  for (const k of Object.keys(counts)) delete counts[k];
  const event = s3CreatedEvent(runtime.names.uploadsBucket, key, (sequencer++).toString(16).padStart(16, '0'), runtime.names.queues.ingest);
  const response = await ingest(event, context);
  if (response && response.batchItemFailures.length > 0) throw new Error(`ingest of ${key} failed`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const byCommand = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
  if (listed) process.stdout.write(`${name.padEnd(28)} ${String(total).padStart(3)}  ${byCommand}\n`);
  return total;
}

try {
  const definition = JSON.parse(readFileSync(join(EXAMPLE, 'sodertalje.client.json'), 'utf8')) as Record<string, unknown>;
  const files = readdirSync(join(EXAMPLE, '2025')).sort();
  const clients = Array.from({ length: CLIENTS }, (_, i) => `bench${String(i + 1).padStart(2, '0')}`);
  // The table emulator's thread is the one the runtime started first (cli/local/emulators.ts).
  const dynamodbThread = [...threadCpuMs().keys()].filter((tid) => tid !== String(process.pid) && !threadsBefore.has(tid)).sort((a, b) => Number(a) - Number(b))[0];
  const cpu0 = threadCpuMs();
  let total = 0;
  for (const [i, clientId] of clients.entries()) {
    const listed = i < 2;
    if (listed) process.stdout.write(`-- ${clientId}\n`);
    const settings = JSON.stringify({ ...definition, clientId, displayName: `Bench ${clientId}`, recipients: [`chef@${clientId}.example`], delivery: 'auto' });
    total += await ingestOne(clientId, `${clientId}.client.json`, settings, listed);
    for (const f of files) total += await ingestOne(clientId, f, readFileSync(join(EXAMPLE, '2025', f)), listed);
  }
  const cpu1 = threadCpuMs();
  const used = (tid: string | undefined) => (tid === undefined ? null : (cpu1.get(tid) ?? 0) - (cpu0.get(tid) ?? 0));
  const figures = { clientYears: clients.length, requests: total, cpuMs: { main: used(String(process.pid)), dynamodb: used(dynamodbThread) } };
  process.stdout.write(`-- bench01 again, unchanged\n`);
  for (const f of files.slice(0, 3)) await ingestOne('bench01', f, readFileSync(join(EXAMPLE, '2025', f)));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await runtime.stop();
}
