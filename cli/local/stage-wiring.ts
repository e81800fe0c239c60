import { apiEnvironment } from '../../functions/api/env.ts';
import type { ApiHandler } from '../../functions/api/handler.ts';
import { createClients } from '../../functions/aws/all-clients.ts';
import type { AwsClients } from '../../functions/aws/clients.ts';
import { parseEnvironment, serviceEnvironmentSchema } from '../../functions/aws/environment.ts';
import type { StageMetrics } from '../../functions/aws/metrics.ts';
import { computeEnvironment } from '../../functions/compute/env.ts';
import { deliverEnvironment } from '../../functions/deliver/env.ts';
import { ingestEnvironment } from '../../functions/ingest/env.ts';
import { PseudonymThread } from '../../functions/ingest/pseudonym-thread.ts';
import { renderEnvironment } from '../../functions/render/env.ts';
import type { SqsHandler } from './event-source.ts';
import type { StageQueueName } from './provision.ts';
import { sourcePseudonymWorker } from './typescript-worker.ts';

/**
 * How the local runtime wires the production stages: each stage's environment is checked against its
 * description (functions/<stage>/env.ts), exactly as at a Lambda cold start, and its real dependencies
 * are built by the stage's own `realDeps` on clients that point at the emulators. Only what cannot be the
 * same locally is replaced: metrics (no CloudWatch) and the pseudonymisation worker (TypeScript source).
 */

/** s3rver accepts exactly these; the other emulators accept anything. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export type LocalVariables = Readonly<Record<string, string | undefined>>;

/** SDK clients for the emulators the variables name (EFFEKT_ENDPOINT_*), with the emulators' credentials. */
export function localClients(variables: LocalVariables, options: { sqsSockets?: number } = {}): AwsClients {
  const env = serviceEnvironmentSchema.parse(variables);
  return createClients(env, { credentials: LOCAL_CREDENTIALS, ...(options.sqsSockets === undefined ? {} : { maxSockets: options.sqsSockets }) });
}

/** In AWS metrics are log lines CloudWatch reads; locally nobody reads them. */
const unreadMetrics: StageMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined };

/**
 * A production SQS stage handler wired to a local deployment. The handler modules are imported only
 * here, when a stage is wired: the CLI's other commands do not load the report renderer.
 */
export async function localStageHandler(stage: StageQueueName, variables: LocalVariables, clients: AwsClients): Promise<SqsHandler> {
  switch (stage) {
    case 'ingest': {
      const { createHandler, realDeps } = await import('../../functions/ingest/handler.ts');
      const deps = realDeps(parseEnvironment(ingestEnvironment, variables), clients);
      return createHandler({ ...deps, metrics: unreadMetrics, pseudonymThread: new PseudonymThread(sourcePseudonymWorker()) });
    }
    case 'compute': {
      const { createHandler, realDeps } = await import('../../functions/compute/handler.ts');
      return createHandler({ ...realDeps(parseEnvironment(computeEnvironment, variables), clients), metrics: unreadMetrics });
    }
    case 'render': {
      const { createHandler, realDeps } = await import('../../functions/render/handler.ts');
      return createHandler({ ...realDeps(parseEnvironment(renderEnvironment, variables), clients), metrics: unreadMetrics });
    }
    case 'deliver': {
      const { createHandler, realDeps } = await import('../../functions/deliver/handler.ts');
      return createHandler({ ...realDeps(parseEnvironment(deliverEnvironment, variables), clients), metrics: unreadMetrics });
    }
  }
}

/**
 * What a stage does where its instance starts, before its first request (functions/render/warm-up.ts): the
 * render threads render a made-up report and drop it, so the first real one is warm. Nothing is stored or
 * sent; only a failed warm-up is reported. Other stages have nothing to warm.
 */
export async function localStageWarmUp(stage: StageQueueName): Promise<void> {
  if (stage !== 'render') return;
  const { warmUp } = await import('../../functions/render/handler.ts');
  await warmUp((error) => console.warn(`The render thread's warm-up failed (the first report renders cold): ${error instanceof Error ? error.message : String(error)}`));
}

/** The production API handler wired to a local deployment (behind `effekt serve`'s HTTP server). */
export async function localApiHandler(variables: LocalVariables, clients: AwsClients): Promise<ApiHandler> {
  const { createHandler, realDeps } = await import('../../functions/api/handler.ts');
  return createHandler(realDeps(parseEnvironment(apiEnvironment, variables), clients));
}
