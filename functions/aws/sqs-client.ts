import { SQSClient } from '@aws-sdk/client-sqs';
import { maxAttempts, type ClientOptions } from './client-options.ts';
import type { ServiceEnvironment } from './environment.ts';

export const createSqsClient = (env: ServiceEnvironment, { maxSockets, ...options }: ClientOptions = {}) =>
  new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.EFFEKT_ENDPOINT_SQS,
    maxAttempts,
    ...(maxSockets === undefined ? {} : { requestHandler: { httpAgent: { maxSockets } } }),
    ...options,
  });
