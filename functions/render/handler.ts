import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { Blobs } from '../aws/blobs.ts';
import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createDynamoDBClient, createS3Client, createSqsClient, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { lazySesSend } from '../aws/lazy-ses.ts';
import { Mailer } from '../aws/mail.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { QueueSender } from '../aws/queue.ts';
import { clientYearStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { renderRequestSchema } from '../core/model/index.ts';
import { initialisedAhead, readRenderEnvironment, type RenderEnvironment } from './env.ts';
import { renderVersion, type RenderDeps } from './render-version.ts';
import { applyRenderV8Flags } from './v8-flags.ts';
import { warmRenderer } from './warm-up.ts';

// Before anything renders, the provisioned warm-up below included; in the render function's own process only.
// V8's flags are process-wide, and the local runtime runs every stage in one process under flags of its own
// (cli/local/node-flags.ts), where these would change how ingest's large files are collected too.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) applyRenderV8Flags();

export type RenderHandlerDeps = RenderDeps & SqsStageDeps;

export function createHandler(deps: RenderHandlerDeps): SqsStageHandler {
  const { logger, metrics } = deps;
  return clientYearStage(deps, renderRequestSchema, async (request) => {
    const outcome = await renderVersion(deps, request);
    if (outcome.status === 'rendered') metrics.addMetric('ReportsRendered', MetricUnit.Count, 1);
    if (outcome.status === 'failed') metrics.addMetric('RenderFailures', MetricUnit.Count, 1);
    logger.info('render outcome', { status: outcome.status });
  });
}

/** Render's dependencies from its environment: the one place its storage, queue and mailer are built. */
export function realDeps(
  env: RenderEnvironment,
  clients: Pick<AwsClients, 'dynamodb' | 's3' | 'sqs'> & { ses?: SESv2Client } = {
    dynamodb: createDynamoDBClient(env),
    s3: createS3Client(env),
    sqs: createSqsClient(env),
  },
): RenderHandlerDeps {
  const store = dynamoStores(clients.dynamodb, env.TABLE_NAME);
  return {
    store,
    recordDeadLetter: (reason) => store.deadLetters.putDeadLetterReason(reason),
    blobs: new Blobs(clients.s3),
    deliverQueue: new QueueSender(clients.sqs, env.DELIVER_QUEUE_URL),
    mailer: new Mailer(lazySesSend(env, clients.ses), env.SES_CONFIGURATION_SET),
    settings: { reportsBucket: env.REPORTS_BUCKET, senderEmail: env.SENDER_EMAIL },
    logger: createLogger('render', env.LOG_LEVEL),
    metrics: createMetrics('render', env.POWERTOOLS_METRICS_NAMESPACE),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
    now: () => new Date(),
    loadReport,
  };
}

// A dynamic import, so the renderer is loaded by the first render, not at every cold start: the render bundle
// is built with code splitting (infra/bundling.ts), which puts it in a file of its own beside index.mjs and
// the zod and model it shares with the handler in one shared chunk.
const loadReport = () => import('../core/report/index.ts');

/**
 * Renders a made-up report and drops it (warm-up.ts), so the next real report finds the renderer compiled
 * and loaded: where an instance starts before its first request (the local runtime's render threads, a
 * provisioned Lambda's init phase). Nothing is stored or sent; a failure goes to `onFailure`.
 */
export const warmUp = (onFailure: (error: unknown) => void): Promise<void> => warmRenderer(loadReport, onFailure);

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readRenderEnvironment())));

// An on-demand instance initialises on its first request, where a warm-up would only add its own time.
if (initialisedAhead()) await warmUp((error) => createLogger('render', 'WARN').warn('render warm-up failed: the first report renders cold', { error }));
