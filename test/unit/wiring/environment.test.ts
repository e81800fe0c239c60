import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiEnvironment } from '../../../functions/api/env.ts';
import { EnvironmentError, parseEnvironment, type EnvironmentDescription } from '../../../functions/aws/environment.ts';
import { computeEnvironment } from '../../../functions/compute/env.ts';
import type { QueueSender } from '../../../functions/aws/queue.ts';
import { createHandler as createComputeHandler } from '../../../functions/compute/handler.ts';
import { deliverEnvironment } from '../../../functions/deliver/env.ts';
import { feedbackEnvironment } from '../../../functions/feedback/env.ts';
import { ingestEnvironment } from '../../../functions/ingest/env.ts';
import { renderEnvironment } from '../../../functions/render/env.ts';
import { memoryStores } from '../../helpers/memory-stores.ts';
import { overriding } from '../../helpers/overriding.ts';
import { sqsRecord } from '../../helpers/sqs-record.ts';
import { countZodSchemasBuilt } from '../../helpers/zod-schema-count.ts';

const DESCRIPTIONS: EnvironmentDescription<unknown, string>[] = [
  ingestEnvironment,
  computeEnvironment,
  renderEnvironment,
  deliverEnvironment,
  apiEnvironment,
  feedbackEnvironment,
];

/** Variables that name deployed resources: none may have a default. */
const RESOURCE_NAMES = ['TABLE_NAME', 'UPLOADS_BUCKET', 'REPORTS_BUCKET', 'QUARANTINE_BUCKET', 'COMPUTE_QUEUE_URL', 'RENDER_QUEUE_URL', 'DELIVER_QUEUE_URL', 'SENDER_EMAIL', 'SES_CONFIGURATION_SET'];

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as Context;

const record = (body: object) => sqsRecord('m1', body, 1, 'effekt-test-compute');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('stage environments (functions/<stage>/env.ts)', () => {
  it('an empty environment is refused with every deployed variable named, and no resource name is defaulted', () => {
    for (const description of DESCRIPTIONS) {
      let error: unknown;
      try {
        parseEnvironment(description, {});
      } catch (caught) {
        error = caught;
      }
      expect(error, description.stage).toBeInstanceOf(EnvironmentError);
      const message = (error as Error).message;
      expect(message).toContain(`the ${description.stage} stage's environment is invalid`);
      expect(message).toContain('AWS_REGION is not set');
      for (const variable of description.deployed) expect(message, `${description.stage} ${variable}`).toContain(variable);
      for (const variable of RESOURCE_NAMES.filter((v) => (description.deployed as readonly string[]).includes(v))) {
        expect(message, `${description.stage} ${variable}`).toContain(`${variable} is not set`);
      }
    }
  });

  it('names the one variable that is missing or invalid', () => {
    const compute = { AWS_REGION: 'eu-north-1', LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_NAMESPACE: 'Effekt/dev', RENDER_QUEUE_URL: 'https://sqs.example/1/render' };
    expect(() => parseEnvironment(computeEnvironment, compute)).toThrow("the compute stage's environment is invalid: TABLE_NAME is not set");
    expect(() => parseEnvironment(computeEnvironment, { ...compute, TABLE_NAME: 'effekt-dev', RENDER_QUEUE_URL: '' })).toThrow(/RENDER_QUEUE_URL: /);
    const parsed = parseEnvironment(computeEnvironment, { ...compute, TABLE_NAME: 'effekt-dev' });
    expect(parsed.TABLE_NAME).toBe('effekt-dev');
    expect(parsed.MAX_RECEIVE_COUNT).toBeUndefined();
  });

  it('ingest and the API need a key source: the secret in AWS or a key file locally', () => {
    const api = {
      AWS_REGION: 'eu-north-1',
      LOG_LEVEL: 'INFO',
      TABLE_NAME: 't',
      UPLOADS_BUCKET: 'u',
      REPORTS_BUCKET: 'r',
      QUARANTINE_BUCKET: 'q',
      COMPUTE_QUEUE_URL: 'https://sqs.example/1/compute',
      DELIVER_QUEUE_URL: 'https://sqs.example/1/deliver',
    };
    expect(() => parseEnvironment(apiEnvironment, api)).toThrow(/PSEUDONYM_SECRET_ARN: not set, nor PSEUDONYM_KEY_FILE/);
    expect(parseEnvironment(apiEnvironment, { ...api, PSEUDONYM_KEY_FILE: '/tmp/key' }).PSEUDONYM_KEY_FILE).toBe('/tmp/key');
    expect(parseEnvironment(apiEnvironment, { ...api, PSEUDONYM_SECRET_ARN: 'arn:aws:secretsmanager:x' }).PSEUDONYM_SECRET_ARN).toBe('arn:aws:secretsmanager:x');
  });

  it('endpoints stay optional: in AWS none is set', () => {
    const parsed = parseEnvironment(feedbackEnvironment, {
      AWS_REGION: 'eu-north-1',
      LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_NAMESPACE: 'Effekt/prod',
      TABLE_NAME: 'effekt-prod',
      SENDER_EMAIL: 'rapporter@example.se',
      SES_CONFIGURATION_SET: 'effekt-prod',
    });
    expect(parsed.EFFEKT_ENDPOINT_DYNAMODB).toBeUndefined();
    expect(parsed.EFFEKT_ENDPOINT_SES).toBeUndefined();
  });
});

describe('the default Lambda handler', () => {
  it('reads nothing at import and refuses its first invocation naming the missing variable', async () => {
    vi.stubEnv('AWS_REGION', 'eu-north-1');
    vi.stubEnv('LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Effekt/test');
    vi.stubEnv('RENDER_QUEUE_URL', 'https://sqs.example/1/render');
    vi.stubEnv('TABLE_NAME', undefined);
    const { handler } = await import('../../../functions/compute/handler.ts');
    await expect(async () => handler({ Records: [record({ clientId: 'acme', year: 2025 })] }, context)).rejects.toThrow(/TABLE_NAME is not set/);
  });
});

describe('log keys', () => {
  it('a record that throws does not lend its client and year to the next record', async () => {
    const logger = new Logger({ serviceName: 'wiring-test', logLevel: 'SILENT' });
    const appended: string[][] = [];
    const removed: string[][] = [];
    vi.spyOn(logger, 'appendKeys').mockImplementation((keys) => void appended.push(Object.keys(keys)));
    vi.spyOn(logger, 'removeKeys').mockImplementation((keys) => void removed.push(keys));
    const store = memoryStores();
    const failingState = overriding(store.state, { getState: async () => Promise.reject(new Error('table unavailable')) });
    const handler = createComputeHandler({
      store: { ...store, state: failingState },
      recordDeadLetter: async () => undefined,
      renderQueue: { send: async () => undefined } as unknown as QueueSender,
      logger,
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    });
    const response = await handler({ Records: [record({ clientId: 'acme', year: 2025 })] }, context).catch(() => ({ batchItemFailures: [{ itemIdentifier: 'm1' }] }));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(appended).toEqual([['clientId', 'year']]);
    expect(removed).toEqual([['clientId', 'year']]);
  });
});

describe('schemas outside the model', () => {
  afterEach(() => {
    vi.doUnmock('zod');
    vi.resetModules();
  });

  it('are not built when a stage’s environment, the stores or ingest’s handler load, and are built by the first parse', async () => {
    vi.resetModules();
    const schemas = countZodSchemasBuilt();
    const environments = await Promise.all(['ingest', 'compute', 'render', 'deliver', 'api', 'feedback'].map((stage) => import(`../../../functions/${stage}/env.ts`)));
    const aws: typeof import('../../../functions/aws/environment.ts') = await import('../../../functions/aws/environment.ts');
    await import('../../../functions/aws/store/index.ts');
    await import('../../../functions/ingest/handler.ts');
    expect(environments).toHaveLength(6);
    expect(schemas.built()).toBe(0);
    const { ingestEnvironment: fresh }: typeof import('../../../functions/ingest/env.ts') = await import('../../../functions/ingest/env.ts');
    expect(() => aws.parseEnvironment(fresh, {})).toThrow(aws.EnvironmentError);
    expect(schemas.built()).toBeGreaterThan(0);
  });
});
