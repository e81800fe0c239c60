import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { ApiHandler } from '../../functions/api/handler.ts';
import { EVENT_BATCH_SIZES } from '../../infra/constructs/event-source-settings.ts';
import type { AwsClients } from '../../functions/aws/clients.ts';
import { startEventSource, type Invocation, type SqsHandler } from './event-source.ts';
import { startEmulators, type Emulators } from './emulators.ts';
import { provision, resourceNames, STAGE_QUEUES, type ProvisionedQueues, type ResourceNames, type StageQueueName } from './provision.ts';
import { renderThreads } from './node-flags.ts';
import { startStageThreads } from './stage-threads.ts';
import { localApiHandler, localClients, localStageHandler } from './stage-wiring.ts';

export interface RuntimeOptions {
  /** Prefix for table, bucket and queue names (lowercase, ends with '-'). */
  prefix?: string;
  /** Seconds compute waits after the last upload of a burst. */
  coalesceSeconds?: number;
  /** Where the local pseudonymisation key lives (created on first use). */
  keyFile?: string;
  /** Log level of the handlers' structured logs. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Extra variables for the stages' environments (e.g. API settings); each stage checks its own against its description. */
  env?: Record<string, string>;
  /** Which stages to run (default all); tests drive a stage by hand by leaving it out. */
  stages?: readonly StageQueueName[];
  onHandlerError?: (stage: StageQueueName, error: Error) => void;
  /** Keep tables and objects in this directory across restarts (`effekt serve --data`); see EmulatorOptions. */
  dataDirectory?: string;
  /** Progress: a stage finished an invocation. */
  onStageSettled?: (stage: StageQueueName, succeeded: number, failed: number) => void;
  /** A stage finished an invocation: when its records were sent and received and when the handler returned (Lambda's REPORT line). */
  onInvocation?: (stage: StageQueueName, invocation: Invocation) => void;
  /**
   * Stages whose handler runs on a pool of threads of this size (stage-threads.ts) instead of on the
   * runtime's own thread; the pool's size is also the stage's concurrency. Default none (tests inject
   * faults into `stageClients`, which a threaded stage does not use); the CLI threads render.
   */
  stageThreads?: Partial<Record<StageQueueName, number>>;
}

export interface LocalRuntime {
  names: ResourceNames;
  queues: ProvisionedQueues;
  /**
   * The variables of this deployment, from which each stage's environment is read and checked
   * (functions/<stage>/env.ts); also what points a process (`effekt dlq`, a child) at its emulators.
   */
  env: Record<string, string>;
  /** SDK clients pointed at the emulators (the same factory the handlers use), for driving and inspecting. */
  aws: AwsClients;
  /** The clients the stage handlers use: separate from `aws`, so a test can inject faults into the handlers' calls only. */
  stageClients: AwsClients;
  /** A stage's production handler wired to this deployment, as the polling ones are (tests drive a stage by hand). */
  handler(stage: StageQueueName): Promise<SqsHandler>;
  /** The production API handler wired to this deployment. */
  apiHandler(): Promise<ApiHandler>;
  /**
   * Resolves once every queue is empty and no handler runs, steady for a moment. With `stages`, only
   * those stages' queues and handlers count (messages they sent on, e.g. a debounced compute, may wait).
   */
  waitForIdle(options?: { timeoutMs?: number; stages?: readonly StageQueueName[] }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The event source mappings' batch sizes as deployed (EVENT_BATCH_SIZES). Concurrency is bounded
 * locally, where AWS scales a stage out as far as its queue needs; a threaded stage's concurrency is its
 * pool's size. Ingest gets the most: in AWS every file of a burst starts at once and marks its
 * client-year as changing, so the debounced compute waits for all of them; locally, with few files in
 * flight, the files queued behind other clients' start too late, an earlier request computes and a
 * report of part of the burst goes out. Its handlers mostly wait on the emulators, so they overlap.
 */
const EVENT_SOURCE_SETTINGS: Record<StageQueueName, { batchSize: number; concurrency: number }> = {
  ingest: { batchSize: EVENT_BATCH_SIZES.ingest, concurrency: 16 },
  // A compute mostly waits out the rest of its debounce window (a timer): with few at once, a burst of many
  // clients queued one client's compute behind others' waits, where in AWS each wait has an instance.
  compute: { batchSize: EVENT_BATCH_SIZES.compute, concurrency: 8 },
  render: { batchSize: EVENT_BATCH_SIZES.render, concurrency: 2 },
  deliver: { batchSize: EVENT_BATCH_SIZES.deliver, concurrency: 2 },
};

/** What the CLI threads: render, the one CPU-heavy stage (renderThreads). */
export const LOCAL_STAGE_THREADS: Partial<Record<StageQueueName, number>> = { render: renderThreads() };

export async function ensureKeyFile(path: string): Promise<string> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  await readFile(absolute, 'utf8');
  return absolute;
}

/** Where the emulators are, as the service variables of every stage name them. */
export const emulatorVariables = (endpoints: Emulators['endpoints']): Record<string, string> => ({
  AWS_REGION: 'eu-north-1',
  EFFEKT_ENDPOINT_DYNAMODB: endpoints.dynamodb,
  EFFEKT_ENDPOINT_S3: endpoints.s3,
  EFFEKT_ENDPOINT_SES: endpoints.ses,
  EFFEKT_ENDPOINT_SQS: endpoints.sqs,
});

/**
 * The variables of a local deployment: what the stack sets in AWS (functions/<stage>/env.ts lists each
 * stage's), with local names, the emulator endpoints and a key file instead of the secret.
 */
export function localEnvironment(
  endpoints: Emulators['endpoints'],
  names: ResourceNames,
  queues: ProvisionedQueues,
  options: { coalesceSeconds: number; keyFile: string; logLevel: string },
): Record<string, string> {
  return {
    ...emulatorVariables(endpoints),
    TABLE_NAME: names.table,
    UPLOADS_BUCKET: names.uploadsBucket,
    REPORTS_BUCKET: names.reportsBucket,
    QUARANTINE_BUCKET: names.quarantineBucket,
    COMPUTE_QUEUE_URL: queues.urls.compute,
    RENDER_QUEUE_URL: queues.urls.render,
    DELIVER_QUEUE_URL: queues.urls.deliver,
    PSEUDONYM_KEY_FILE: options.keyFile,
    COALESCE_SECONDS: String(options.coalesceSeconds),
    SENDER_EMAIL: 'rapporter@effekt.example',
    SES_CONFIGURATION_SET: 'effekt-local',
    MAX_ATTACHMENT_BYTES: String(7 * 1024 * 1024),
    // `effekt serve` passes its own URL; `run` and `demo` have no API to link to.
    API_BASE_URL: 'https://effekt.example/api',
    LOG_LEVEL: options.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: 'Effekt/local',
  };
}

/**
 * Provisions one local deployment on running emulators and wires queue → handler exactly as the
 * Lambda event source mappings do in AWS. The handlers are the production ones, built with
 * `createHandler` on this deployment's environment and clients (cli/local/stage-wiring.ts); the
 * process environment is left alone.
 */
export async function attachRuntime(endpoints: Emulators['endpoints'], options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const prefix = options.prefix ?? 'effekt-';
  const names = resourceNames(prefix);
  const keyFile = await ensureKeyFile(options.keyFile ?? '.effekt/pseudonym.key');
  // The event sources long-poll on these clients, one connection per poller: room for all of them, and for
  // the SDK's default of 50 besides (waitForIdle, the CLI's own calls).
  const pollers = (options.stages ?? STAGE_QUEUES).reduce((n, stage) => n + (options.stageThreads?.[stage] ?? EVENT_SOURCE_SETTINGS[stage].concurrency), 0);
  const aws = localClients(emulatorVariables(endpoints), { sqsSockets: pollers + 50 });
  const queues = await provision(aws, names);
  const env = {
    ...localEnvironment(endpoints, names, queues, {
      coalesceSeconds: options.coalesceSeconds ?? 1,
      keyFile,
      logLevel: options.logLevel ?? 'WARN',
    }),
    ...options.env,
  };
  const stageClients = localClients(env);

  const running: Record<StageQueueName, number> = { ingest: 0, compute: 0, render: 0, deliver: 0 };
  // waitForIdle's pauses end early when a handler finishes: that is when the pipeline may have gone idle.
  const handlerEnded = new Set<() => void>();
  const sources: { stop: () => Promise<void> }[] = [];
  const pools: { stop: () => Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await Promise.all(pools.map((p) => p.stop()));
  };
  try {
    for (const stage of options.stages ?? STAGE_QUEUES) {
      const threads = options.stageThreads?.[stage];
      const pool = threads ? await startStageThreads(stage, env, threads) : undefined;
      if (pool) pools.push(pool);
      const handler = pool?.handler ?? (await localStageHandler(stage, env, stageClients));
      sources.push(
        startEventSource(aws.sqs, {
          name: names.queues[stage],
          queueUrl: queues.urls[stage],
          handler,
          ...EVENT_SOURCE_SETTINGS[stage],
          ...(pool ? { concurrency: pool.size } : {}),
          onInvoke: (delta) => {
            running[stage] += delta;
            if (delta < 0) for (const wake of [...handlerEnded]) wake();
          },
          onError: (error) => options.onHandlerError?.(stage, error),
          onSettled: (succeeded, failed) => options.onStageSettled?.(stage, succeeded, failed),
          ...(options.onInvocation ? { onInvocation: (invocation: Invocation) => options.onInvocation?.(stage, invocation) } : {}),
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  // Idle means the running stages have nothing left; messages for a stage left out stay queued.
  const runningStages = options.stages ?? STAGE_QUEUES;
  const pendingInQueues = async (stages: readonly StageQueueName[]) => {
    let total = 0;
    for (const stage of stages) {
      const attributes = await aws.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queues.urls[stage], AttributeNames: ['All'] }),
      );
      const a = attributes.Attributes ?? {};
      total +=
        Number(a.ApproximateNumberOfMessages ?? 0) +
        Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
    }
    return total;
  };

  return {
    names,
    queues,
    env,
    aws,
    stageClients,
    handler: (stage) => localStageHandler(stage, env, stageClients),
    apiHandler: () => localApiHandler(env, stageClients),
    async waitForIdle({ timeoutMs = 120_000, stages = runningStages } = {}) {
      const watched = runningStages.filter((stage) => stages.includes(stage));
      const deadline = Date.now() + timeoutMs;
      // A message is counted from its send (an S3 notification is queued before the PUT returns) until
      // its deletion, which comes before the handler counts as done: two quiet looks in a row suffice.
      // The queues are asked only while no handler runs. Between looks the wait ends as soon as a handler
      // finishes (the moment the pipeline may have gone idle), else after a while (a delayed message);
      // the second quiet look follows the first shortly.
      const pause = (ms: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            handlerEnded.delete(done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          handlerEnded.add(done);
        });
      let quietChecks = 0;
      while (quietChecks < 2) {
        if (Date.now() > deadline) throw new Error(`the local pipeline did not settle within ${timeoutMs / 1000} s`);
        await (quietChecks > 0 ? new Promise((r) => setTimeout(r, 10)) : pause(50));
        quietChecks = watched.every((stage) => running[stage] === 0) && (await pendingInQueues(watched)) === 0 ? quietChecks + 1 : 0;
      }
    },
    stop,
  };
}

/** Emulators and one deployment on them, for the CLI. */
export async function startLocalRuntime(options: RuntimeOptions = {}): Promise<LocalRuntime & { emulators: Emulators }> {
  const emulators = await startEmulators(options.dataDirectory ? { dataDirectory: options.dataDirectory } : {});
  try {
    const runtime = await attachRuntime(emulators.endpoints, { stageThreads: LOCAL_STAGE_THREADS, ...options });
    return {
      ...runtime,
      emulators,
      async stop() {
        await runtime.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}
