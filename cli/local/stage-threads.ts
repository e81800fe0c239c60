import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SqsHandler } from './event-source.ts';
import type { StageQueueName } from './provision.ts';
import type { StageInvocation, StageThreadData, StageThreadReply } from './stage-thread.ts';
import type { LocalVariables } from './stage-wiring.ts';
import { typescriptWorker } from './typescript-worker.ts';

/**
 * A stage's production handler on a pool of threads, one invocation per thread at a time: in AWS each
 * concurrent invocation of a function has an instance (and a CPU share) of its own, while in one
 * thread the local runtime's CPU-heavy invocations (a render) would queue behind each other and stall
 * every other stage's handler and the emulators on the same event loop. The most recently used idle
 * thread takes the next invocation, as Lambda reuses a warm instance before starting another.
 *
 * Each thread builds the handler from the deployment's variables with its own SDK clients, so faults
 * a test injects into the runtime's `stageClients` do not reach a threaded stage.
 */
export interface StageThreads {
  handler: SqsHandler;
  size: number;
  stop(): Promise<void>;
}

interface Thread {
  worker: Worker;
  dead?: boolean;
  pending?: { id: number; resolve: (response: SQSBatchResponse | undefined) => void; reject: (error: Error) => void };
}

const stageThreadModule = () => typescriptWorker(new URL('./stage-thread.ts', import.meta.url));

function startThread(stage: StageQueueName, variables: LocalVariables, onExit: (thread: Thread, error: Error) => void): Promise<Thread> {
  const worker = new Worker(stageThreadModule(), { workerData: { stage, variables: { ...variables } } satisfies StageThreadData });
  const thread: Thread = { worker };
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (reply: StageThreadReply) => {
      if (reply.type === 'ready') {
        ready = true;
        worker.unref();
        resolve(thread);
        return;
      }
      const pending = thread.pending;
      if (!pending || pending.id !== reply.id) return;
      thread.pending = undefined;
      worker.unref();
      if (reply.type === 'result') pending.resolve((reply.response ?? undefined) as SQSBatchResponse | undefined);
      else pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
    });
    const failed = (error: Error) => {
      if (!ready) {
        reject(new Error(`the ${stage} thread did not start: ${error.message}`));
        return;
      }
      onExit(thread, error);
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`the ${stage} thread exited with code ${code}`)));
  });
}

export async function startStageThreads(stage: StageQueueName, variables: LocalVariables, size: number): Promise<StageThreads> {
  let stopped = false;
  const idle: Thread[] = [];
  const waiting: ((thread: Thread) => void)[] = [];
  let nextId = 0;
  const all = new Set<Thread>();

  const release = (thread: Thread) => {
    const next = waiting.shift();
    if (next) next(thread);
    else idle.push(thread);
  };
  // A thread that crashed (as a Lambda instance whose runtime exits) fails its invocation and is replaced.
  const onExit = (thread: Thread, error: Error) => {
    if (thread.dead) return;
    thread.dead = true;
    all.delete(thread);
    const pending = thread.pending;
    thread.pending = undefined;
    pending?.reject(error);
    const index = idle.indexOf(thread);
    if (index >= 0) idle.splice(index, 1);
    if (stopped) return;
    startThread(stage, variables, onExit).then(
      (replacement) => {
        all.add(replacement);
        release(replacement);
      },
      () => undefined,
    );
  };
  const threads = await Promise.all(Array.from({ length: size }, () => startThread(stage, variables, onExit)));
  for (const thread of threads) all.add(thread);
  idle.push(...threads);

  const handler: SqsHandler = async (event: SQSEvent, context: Context) => {
    const thread = idle.pop() ?? (await new Promise<Thread>((resolve) => waiting.push(resolve)));
    const id = nextId++;
    try {
      return await new Promise<SQSBatchResponse | undefined>((resolve, reject) => {
        thread.pending = { id, resolve, reject };
        thread.worker.ref();
        const invocation: StageInvocation = {
          id,
          event,
          context: {
            functionName: context.functionName,
            awsRequestId: context.awsRequestId || randomUUID(),
            deadline: Date.now() + context.getRemainingTimeInMillis(),
            memoryLimitInMB: context.memoryLimitInMB,
          },
        };
        thread.worker.postMessage(invocation);
      });
    } finally {
      if (!thread.dead && !stopped) release(thread);
    }
  };

  return {
    handler,
    size,
    async stop() {
      stopped = true;
      const threads = [...all];
      for (const thread of threads) thread.dead = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
