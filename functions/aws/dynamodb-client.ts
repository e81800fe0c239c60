import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decodeBase64 } from './base64.ts';
import { maxAttempts, type ClientOptions } from './client-options.ts';
import type { ServiceEnvironment } from './environment.ts';

// DynamoDB's binary attributes are decoded without the SDK's regular-expression pass (base64.ts).
export const createDynamoDBClient = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.EFFEKT_ENDPOINT_DYNAMODB, maxAttempts, base64Decoder: decodeBase64, ...options });
