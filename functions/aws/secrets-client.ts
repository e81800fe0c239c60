import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { maxAttempts, type ClientOptions } from './client-options.ts';
import type { ServiceEnvironment } from './environment.ts';

export const createSecretsClient = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new SecretsManagerClient({ region: env.AWS_REGION, endpoint: env.EFFEKT_ENDPOINT_SECRETSMANAGER, maxAttempts, ...options });
