// Loaded by lazy-clients.ts's import(): Secrets Manager's SDK client and the key source, in a file of their own.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSecretsClient } from './secrets-client.ts';
import type { ServiceEnvironment } from './environment.ts';
import { pseudonymKeySource, type KeySource } from './secrets.ts';

export const keySource = (env: ServiceEnvironment & KeySource, secrets?: SecretsManagerClient): (() => Promise<Uint8Array>) =>
  pseudonymKeySource(env, secrets ?? createSecretsClient(env));
