import { parentPort, workerData } from 'node:worker_threads';
import type { Context, SQSEvent } from 'aws-lambda';
import type { StageQueueName } from './provision.ts';
import { localClients, localStageHandler, localStageWarmUp, type LocalVariables } from './stage-wiring.ts';

/**
 * One stage's production handler on its own thread (see stage-threads.ts): built here exactly as the
 * in-process runtime builds it, on the deployment's variables and its own SDK clients, as one Lambda
 * instance builds its handler at its cold start. It handles one invocation at a time.
 */
export interface StageThreadData {
  stage: StageQueueName;
  variables: LocalVariables;
}

/** main thread → stage thread: one invocation (the context without its functions, which do not cross threads). */
export interface StageInvocation {
  id: number;
  event: SQSEvent;
  context: { functionName: string; awsRequestId: string; deadline: number; memoryLimitInMB: string };
}

/** stage thread → main thread: the handler's response, or what it threw. */
export type StageThreadReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; response: unknown }
  | { type: 'error'; id: number; error: { name: string; message: string; stack?: string } };

const port = parentPort!;
const { stage, variables } = workerData as StageThreadData;
const handler = await localStageHandler(stage, variables, localClients(variables));

const contextOf = (c: StageInvocation['context']): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: c.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${c.functionName}`,
  memoryLimitInMB: c.memoryLimitInMB,
  awsRequestId: c.awsRequestId,
  logGroupName: `/aws/lambda/${c.functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => c.deadline - Date.now(),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

// Warmed after the thread reports ready, while the runtime starts and the first uploads are ingested; an
// invocation that comes first waits for it rather than sharing the thread with it.
const warming = localStageWarmUp(stage).catch((error: unknown) => console.warn(`The ${stage} thread's warm-up failed: ${error instanceof Error ? error.message : String(error)}`));

port.on('message', (invocation: StageInvocation) => {
  warming.then(() => handler(invocation.event, contextOf(invocation.context))).then(
    (response) => port.postMessage({ type: 'result', id: invocation.id, response: response ?? null } satisfies StageThreadReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'error', id: invocation.id, error: { name: e.name, message: e.message, stack: e.stack } } satisfies StageThreadReply);
    },
  );
});
port.postMessage({ type: 'ready' } satisfies StageThreadReply);
