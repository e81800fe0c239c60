import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqsHandler } from '../../../cli/local/event-source.ts';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import { configureClient, drainQueue, figures, lambdaContext, reactionCsv, reactionRows, renderOrFake, sqsEvent, YEAR } from './helpers.ts';

vi.mock('../../../functions/core/report/index.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/core/report/index.ts')>();
  return { ...actual, renderReport: (input: Parameters<typeof actual.renderReport>[0]) => renderOrFake(actual.renderReport, input, true) };
});

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
let pipeline: TestPipeline;
let ingestHandler: SqsHandler;

beforeAll(async () => {
  // Ingest runs by hand (in a child process that is killed, then here as SQS's redelivery).
  pipeline = await startTestPipeline({ coalesceSeconds: 1, stages: ['compute', 'render', 'deliver'] });
  ingestHandler = await pipeline.runtime.handler('ingest');
});

afterAll(async () => {
  await pipeline.stop();
});

/** Runs the ingest handler in a child process and SIGKILLs it right after `crashAfter` succeeded. */
function ingestAndKill(body: string, crashAfter: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...pipeline.runtime.env, LOG_LEVEL: 'SILENT', CRASH_AFTER: crashAfter, EVENT_BODY: body },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('CRASH-POINT')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && output.includes('CRASH-POINT')) resolve();
      else reject(new Error(`the child did not reach ${crashAfter}: ${output}`));
    });
  });
}

async function uploadEvents(clientId: string, files: { name: string; rows: number; seed: number }[]) {
  for (const f of files) await pipeline.put(`${clientId}/${YEAR}/${f.name}`, reactionCsv(reactionRows(clientId, f.seed, f.rows)));
  return drainQueue(pipeline.runtime.aws.sqs, pipeline.runtime.queues.urls.ingest);
}

async function ingestHere(events: { messageId: string; body: string }[]) {
  for (const e of events) {
    const response = await ingestHandler(sqsEvent(pipeline.runtime.names.queues.ingest, e.messageId, e.body, 2), lambdaContext());
    expect(response?.batchItemFailures ?? []).toEqual([]);
  }
}

const FILES = [
  { name: 'maj.csv', rows: 6, seed: 0 },
  { name: 'juni.csv', rows: 8, seed: 1 },
];

describe('a process killed in the middle of an ingest', () => {
  let undisturbed: ReturnType<typeof figures>;

  beforeAll(async () => {
    // The reference: the same uploads, nobody killed.
    await configureClient(pipeline.table, 'reference');
    await ingestHere(await uploadEvents('reference', FILES));
    await pipeline.settle();
    undisturbed = figures(await pipeline.table.getMetrics('reference', YEAR));
    expect(undisturbed?.reaction?.responses).toBe(14);
  });

  it.each([
    ['after the rows were written, before the file was committed', 'BatchWriteItemCommand'],
    ['after the file was committed, before compute was requested', 'PutItemCommand:FILE#'],
  ])('%s: the redelivered message ends with the figures of an undisturbed run', async (_label, crashAfter) => {
    const clientId = crashAfter.startsWith('Batch') ? 'crash-rows' : 'crash-commit';
    await configureClient(pipeline.table, clientId);
    const events = await uploadEvents(clientId, FILES);
    await ingestHere(events.slice(0, 1));
    // The second file's ingest dies mid-way; SQS redelivers its message after the visibility timeout.
    await ingestAndKill(events[1]!.body, crashAfter);
    await ingestHere(events.slice(1));
    await pipeline.settle();

    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    const got = figures(metrics);
    // Identical figures; the file hashes differ only because the files name another client.
    expect({ ...got, sources: got?.sources.map((s) => [s.file, s.rows]) }).toEqual({ ...undisturbed, sources: undisturbed?.sources.map((s) => [s.file, s.rows]) });
    expect(metrics?.reaction?.responses).toBe(14);
    const snapshot = await pipeline.table.readClientYear(clientId, YEAR);
    expect(snapshot.chunks).toHaveLength(snapshot.files.reduce((n, f) => n + f.chunks, 0));
    expect((await pipeline.table.listReportVersions(clientId, YEAR)).filter((v) => v.status === 'ready').length).toBeGreaterThanOrEqual(1);
    const versions = await pipeline.table.listReportVersions(clientId, YEAR);
    expect(versions.at(-1)?.inputs?.map((i) => i.rows).sort()).toEqual([6, 8]);
  });
});
