import { dynamodbClient, sqsClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { StageQueue } from '../aws/queue.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { computeRequestSchema } from '../core/model/index.ts';
import { computeClientYear, type ComputeDeps } from './compute-client-year.ts';

const cfg = config();
const logger = createLogger('compute');
const metrics = createMetrics('compute');

const deps: ComputeDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  renderQueue: new StageQueue(sqsClient(), cfg.RENDER_QUEUE_URL),
  logger,
};

export const handler = sqsStage({
  logger,
  metrics,
  schema: computeRequestSchema,
  handle: async (request) => {
    logger.appendKeys({ clientId: request.clientId, year: request.year });
    const outcome = await computeClientYear(deps, request);
    logger.info('compute outcome', { status: outcome.status, seq: request.seq });
    logger.removeKeys(['clientId', 'year']);
  },
});
