/**
 * Child process of the bench: upload → email in local mode (embedded emulators, all four stages, the
 * production handlers), with the same code paths as `effekt demo` (startLocalRuntime, uploadAndSettle,
 * collectResult). Also writes the sodertalje 2025 metrics + settings the render bench uses.
 *
 * - single: sodertalje 2023 and 2024 are loaded first (not timed), so the 2025 report has its history;
 *   then the timer starts at the first 2025 upload and stops when the draft email to the consultant (the
 *   example client reviews before delivery) or the report email (PDF attached) is in the SES emulator.
 * - twenty: 20 fresh clients (copies of the 2025 example, own clientId and recipients, delivery "auto" so
 *   each client's report email names it by its recipient domain) uploaded at once; timer from the first
 *   upload to the 20th client's report email.
 * Debounce: coalesceSeconds = 1 (one report per burst). The window runs from when ingest takes a file up, so
 * the ingest overlaps it: the path's debounce is what is left of the second after the ingest (the queue's
 * delay, in whole seconds), and compute waits out the part of a second left over inside its own segment.
 * single.stages: each stage's invocations during the one upload (the local runtime's onInvocation, which
 * gives what Lambda's START/REPORT log lines give in AWS): when the first and last settled, how many, and
 * their summed handler time, in ms after the first upload.
 * single.path: where the time of the one upload goes, from the invocations' timestamps: the chain of
 * invocations that led to the email, walked back from it (the deliver invocation that sent it, the render
 * invocation that sent that deliver request, the compute that sent that render request, the ingest that
 * sent that compute request), as contiguous segments in ms that add up to single.firstEmailSeconds: from the
 * first upload (definitions first, then the data at once) to that ingest's S3 notification, then the wait
 * for and the run of each stage (the compute's wait is its debounce), up to the email in the SES emulator.
 * single.lastUploadMs: when the last upload returned.
 * cpuMs: the process's CPU time (every thread) over each part; twenty.threadCpuMs: the same by thread (threadBreakdown).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { collectResult, uploadAndSettle } from '../cli/local/pipeline-run.ts';
import type { Invocation } from '../cli/local/event-source.ts';
import type { StageQueueName } from '../cli/local/provision.ts';
import { startLocalRuntime } from '../cli/local/runtime.ts';
import { threadCpuMs } from './lib/proc.ts';
import { dynamoStores } from '../functions/aws/store/index.ts';

const WORK = join(import.meta.dirname, '.work');
const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'sodertalje');
export const COALESCE_SECONDS = 1;
const TIMEOUT_MS = Number(process.env.BENCH_E2E_TIMEOUT_MS ?? 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};

type StageInvocation = Invocation & { stage: StageQueueName };

/**
 * Requests sent through the runtime's clients, by client and command (e.g. `runtime sqs ReceiveMessage`):
 * `runtime` is the event sources' polling and deleting (and the bench's uploads), `stages` the in-process
 * stages' calls (ingest, compute, deliver). The render threads build clients of their own, not counted.
 */
function countRequests(runtime: Awaited<ReturnType<typeof startLocalRuntime>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [owner, clients] of [['runtime', runtime.aws], ['stages', runtime.stageClients]] as const) {
    for (const [service, client] of Object.entries(clients)) {
      (client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).add(
        (next, context) => (args) => {
          const key = `${owner} ${service} ${(context.commandName ?? '').replace(/Command$/, '')}`;
          counts[key] = (counts[key] ?? 0) + 1;
          return next(args);
        },
        { step: 'initialize', name: 'benchRequestCount' },
      );
    }
  }
  return counts;
}

/**
 * CPU per thread between two threadCpuMs readings, largest first: `main` (the event loop: ingest, compute,
 * deliver, s3rver, the SQS and SES emulators), `node` (threads Node had before the runtime started: V8's
 * background pool, which optimises code and collects garbage for every thread of the process, and libuv's), and `thread-<n>` for the
 * runtime's own threads in the order they started (the DynamoDB emulator first, then the render threads).
 */
function threadBreakdown(before: Map<string, number>, after: Map<string, number>, nodeThreads: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  const runtimeThreads = [...after.keys()].filter((tid) => tid !== String(process.pid) && !nodeThreads.has(tid)).sort((a, b) => Number(a) - Number(b));
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    const name = tid === String(process.pid) ? 'main' : nodeThreads.has(tid) ? 'node' : `thread-${runtimeThreads.indexOf(tid) + 1}`;
    out[name] = (out[name] ?? 0) + used;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

/**
 * The chain of invocations that led to the email, walked back from it: each stage's invocation is the one
 * running when the next stage's message was sent. Segments are contiguous, epoch ms → ms from `t0`.
 */
function criticalPath(invocations: StageInvocation[], t0: number, emailAt: number) {
  const during = (stage: StageQueueName, at: number) =>
    invocations.filter((i) => i.stage === stage && i.receivedAt <= at && at <= i.endedAt).sort((a, b) => b.endedAt - a.endedAt)[0];
  // The email is accepted while the deliver invocation runs; the bench sees it at its next look.
  const deliver = invocations.filter((i) => i.stage === 'deliver' && i.receivedAt <= emailAt).sort((a, b) => b.receivedAt - a.receivedAt)[0];
  const render = deliver && during('render', deliver.lastSentAt);
  const compute = render && during('compute', render.lastSentAt);
  // Compute takes batches: the request that computed is the batch's latest (the others were stale).
  const ingest = compute && during('ingest', compute.lastSentAt);
  if (!deliver || !render || !compute || !ingest) return null;
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    uploadsMs: ms(t0, ingest.sentAt),
    ingestQueueMs: ms(ingest.sentAt, ingest.receivedAt),
    ingestMs: ms(ingest.receivedAt, ingest.endedAt),
    debounceMs: ms(ingest.endedAt, compute.receivedAt),
    computeMs: ms(compute.receivedAt, compute.endedAt),
    renderQueueMs: ms(compute.endedAt, render.receivedAt),
    renderMs: ms(render.receivedAt, render.endedAt),
    deliverQueueMs: ms(render.endedAt, deliver.receivedAt),
    deliverMs: ms(deliver.receivedAt, emailAt),
  };
}

/** Each sent message classified once: the recipient domain of a report email (PDF attached), else null. */
const classified = new WeakMap<Uint8Array, string | null>();
function reportDomain(mime: Uint8Array): string | null {
  let domain = classified.get(mime);
  if (domain === undefined) {
    const buffer = Buffer.from(mime.buffer, mime.byteOffset, mime.byteLength);
    const head = buffer.subarray(0, 8192).toString('latin1');
    const to = /^To: .*@([\w.-]+)/m.exec(head);
    domain = to && buffer.includes('application/pdf') ? to[1]! : null;
    classified.set(mime, domain);
  }
  return domain;
}
const isReportMail = (mime: Uint8Array, recipientDomain: string) => reportDomain(mime) === recipientDomain;
/** The domain of the example's consultantContact: drafts to review go there. */
const consultantDomain = (definition: string) => (JSON.parse(readFileSync(definition, 'utf8')) as { consultantContact?: string }).consultantContact?.split('@')[1] ?? '';

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const definitions = [join(EXAMPLE, 'sodertalje.client.json')];
  const yearFiles = (year: number) => readdirSync(join(EXAMPLE, String(year))).sort().map((f) => join(EXAMPLE, String(year), f));
  const failures: string[] = [];
  const settled: Record<string, number> = {};
  const failed_: Record<string, number> = {};
  const invocations: StageInvocation[] = [];
  const nodeThreads = new Set(threadCpuMs().keys());
  const runtime = await startLocalRuntime({
    coalesceSeconds: COALESCE_SECONDS,
    logLevel: 'ERROR',
    keyFile: join(WORK, 'pseudonym.key'),
    onHandlerError: (stage, error) => failures.push(`${stage}: ${error.message}`),
    onStageSettled: (stage, ok, failed) => {
      settled[stage] = (settled[stage] ?? 0) + ok;
      if (failed > 0) failed_[stage] = (failed_[stage] ?? 0) + failed;
    },
    onInvocation: (stage, invocation) => invocations.push({ stage, ...invocation }),
  });
  const mail = runtime.emulators.sentMail;
  const requests = countRequests(runtime);
  // The V8 flags this process started with (bench/run.ts starts it as `effekt demo` starts: localRuntimeFlags).
  const out: Record<string, unknown> = { coalesceSeconds: COALESCE_SECONDS, nodeFlags: process.execArgv.filter((flag) => flag.startsWith('--v8')) };
  try {
    // History (not timed).
    for (const year of [2023, 2024]) await uploadAndSettle(runtime, { clientId: 'sodertalje', year }, [...definitions, ...yearFiles(year)]);

    // One client-year.
    const before = mail.length;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    let firstMailAt: number | null = null;
    let lastMailMs: number | null = null;
    let reportMails = 0;
    let lastUploadAt = t0;
    const reviewer = consultantDomain(definitions[0]!);
    const watch = setInterval(() => {
      const count = mail.slice(before).filter((m) => isReportMail(m, 'sodertalje.example') || isReportMail(m, reviewer)).length;
      if (count > reportMails) {
        const at = Date.now();
        firstMailAt ??= at;
        lastMailMs = at - t0;
        reportMails = count;
      }
    }, 5);
    const keys = await uploadAndSettle(runtime, { clientId: 'sodertalje', year: 2025 }, [...definitions, ...yearFiles(2025)], () => {
      lastUploadAt = Date.now();
    });
    const settledMs = Date.now() - t0;
    const singleCpuMs = cpuMs(cpu0);
    clearInterval(watch);
    const stages: Record<string, { firstMs: number; lastMs: number; settled: number; busyMs: number }> = {};
    for (const invocation of invocations) {
      if (invocation.receivedAt < t0) continue;
      const ms = invocation.endedAt - t0;
      const entry = (stages[invocation.stage] ??= { firstMs: ms, lastMs: ms, settled: 0, busyMs: 0 });
      entry.lastMs = ms;
      entry.settled += invocation.succeeded;
      entry.busyMs += invocation.endedAt - invocation.receivedAt;
    }
    if (process.env.BENCH_E2E_TRACE) {
      process.stderr.write(`t0 ${t0}\n`);
      for (const i of invocations) {
        process.stderr.write(`${i.stage.padEnd(8)} sent ${i.sentAt - t0}..${i.lastSentAt - t0} received ${i.receivedAt - t0} ended ${i.endedAt - t0} ok ${i.succeeded}/${i.records}\n`);
      }
    }
    const path = firstMailAt === null ? null : criticalPath(invocations, t0, firstMailAt);
    const result = await collectResult(runtime, { clientId: 'sodertalje', year: 2025 }, keys);
    const settings = await dynamoStores(runtime.aws.dynamodb, runtime.names.table).settings.getSettings('sodertalje');
    if (result.metrics && settings) {
      writeFileSync(join(WORK, 'render-input.json'), JSON.stringify({ metrics: result.metrics, settings, version: result.pdf?.version ?? 1 }));
    }
    if (result.pdf) writeFileSync(join(WORK, 'pipeline-sodertalje-2025.pdf'), result.pdf.bytes);
    out.single = {
      seconds: lastMailMs === null ? null : Math.round(lastMailMs) / 1000,
      firstEmailSeconds: firstMailAt === null ? null : (firstMailAt - t0) / 1000,
      settledSeconds: Math.round(settledMs) / 1000,
      reportEmails: reportMails,
      accepted: result.accepted.length,
      rejected: result.rejected.length,
      renderFailure: result.renderFailure ?? null,
      cpuMs: singleCpuMs,
      lastUploadMs: lastUploadAt - t0,
      stages,
      path,
    };

    // Twenty clients at once (BENCH_E2E_SINGLE=1 stops after the one client-year, for quick comparisons).
    if (!process.env.BENCH_E2E_SINGLE) {
      const clients = Array.from({ length: 20 }, (_, i) => `bench${String(i + 1).padStart(2, '0')}`);
      const base = JSON.parse(readFileSync(definitions[0]!, 'utf8')) as Record<string, unknown>;
      const dataFiles = yearFiles(2025).map((path) => ({ name: path.split('/').at(-1)!, body: readFileSync(path) }));
      const put = (key: string, body: Buffer | string) => runtime.aws.s3.send(new PutObjectCommand({ Bucket: runtime.names.uploadsBucket, Key: key, Body: body }));
      const before20 = mail.length;
      const invocations0 = invocations.length;
      const requests0 = { ...requests };
      const cpu1 = process.cpuUsage();
      const threads1 = threadCpuMs();
      const seen = new Map<string, number>();
      const t1 = performance.now();
      const t1Epoch = Date.now();
      const watch20 = setInterval(() => {
        for (const mime of mail.slice(before20)) {
          const client = reportDomain(mime)?.replace(/\.example$/, '');
          if (client && !seen.has(client)) seen.set(client, performance.now() - t1);
        }
      }, 10);
      // Definitions first (data is validated against them), then every data file of every client at once.
      await Promise.all(
        clients.map((clientId) =>
          put(`${clientId}/2025/${clientId}.client.json`, JSON.stringify({ ...base, clientId, displayName: `Bench ${clientId}`, recipients: [`chef@${clientId}.example`], delivery: 'auto' })),
        ),
      );
      // As uploadAndSettle does: the data needs the definitions ingested, not their debounced compute.
      await runtime.waitForIdle({ timeoutMs: TIMEOUT_MS, stages: ['ingest'] });
      process.stderr.write(`definitions settled after ${Math.round(performance.now() - t1)} ms ${JSON.stringify(settled)}\n`);
      await Promise.all(clients.flatMap((clientId) => dataFiles.map((f) => put(`${clientId}/2025/${f.name}`, f.body))));
      const deadline = Date.now() + TIMEOUT_MS;
      let shown = -1;
      while (seen.size < clients.length && Date.now() < deadline) {
        await sleep(10);
        if (seen.size !== shown) {
          shown = seen.size;
          process.stderr.write(`${Math.round(performance.now() - t1)} ms: ${seen.size} report emails ${JSON.stringify(settled)} ${JSON.stringify(failed_)}\n`);
        }
      }
      const allMs = performance.now() - t1;
      const twentyCpuMs = cpuMs(cpu1);
      const twentyThreadCpuMs = threadBreakdown(threads1, threadCpuMs(), nodeThreads);
      clearInterval(watch20);
      const twentyInvocations: Record<string, number> = {};
      // Each stage's summed handler time: where the CPU of the twenty goes (render runs on its own threads).
      const twentyBusyMs: Record<string, number> = {};
      for (const invocation of invocations.slice(invocations0)) {
        twentyInvocations[invocation.stage] = (twentyInvocations[invocation.stage] ?? 0) + 1;
        twentyBusyMs[invocation.stage] = (twentyBusyMs[invocation.stage] ?? 0) + invocation.endedAt - invocation.receivedAt;
      }
      if (process.env.BENCH_E2E_TRACE) {
        for (const i of invocations.slice(invocations0)) {
          process.stderr.write(`20 ${i.stage.padEnd(8)} sent ${Math.round(i.sentAt - t1Epoch)}..${Math.round(i.lastSentAt - t1Epoch)} received ${Math.round(i.receivedAt - t1Epoch)} ended ${Math.round(i.endedAt - t1Epoch)} ok ${i.succeeded}/${i.records}\n`);
        }
      }
      const times = [...seen.values()].sort((a, b) => a - b);
      out.twenty = {
        clients: clients.length,
        reportsEmailed: seen.size,
        seconds: seen.size === clients.length ? Math.round(allMs) / 1000 : null,
        firstEmailSeconds: times.length > 0 ? Math.round(times[0]!) / 1000 : null,
        medianEmailSeconds: times.length > 0 ? Math.round(times[Math.floor(times.length / 2)]!) / 1000 : null,
        cpuMs: twentyCpuMs,
        threadCpuMs: twentyThreadCpuMs,
        invocations: twentyInvocations,
        requests: Object.fromEntries(Object.entries(requests).map(([k, n]) => [k, n - (requests0[k] ?? 0)] as const).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])),
        busyMs: twentyBusyMs,
      };
    }
    out.handlerErrors = failures.slice(0, 5);
    out.stageInvocations = settled;
    out.stageFailures = failed_;
  } finally {
    await runtime.stop();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
