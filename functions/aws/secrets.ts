import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EffektConfig } from './config.ts';

let cachedKey: Promise<Uint8Array> | undefined;

/**
 * The pseudonymisation key: Secrets Manager in AWS, a local file in local mode. Read once per
 * process; never logged.
 */
export function pseudonymKey(cfg: EffektConfig, secrets: SecretsManagerClient): Promise<Uint8Array> {
  cachedKey ??= loadKey(cfg, secrets).catch((error: unknown) => {
    cachedKey = undefined;
    throw error;
  });
  return cachedKey;
}

async function loadKey(cfg: EffektConfig, secrets: SecretsManagerClient): Promise<Uint8Array> {
  if (cfg.PSEUDONYM_KEY_FILE) {
    const text = (await readFile(cfg.PSEUDONYM_KEY_FILE, 'utf8')).trim();
    return checked(Buffer.from(text, 'base64'), cfg.PSEUDONYM_KEY_FILE);
  }
  if (!cfg.PSEUDONYM_SECRET_ARN) throw new Error('no pseudonymisation key configured: set PSEUDONYM_SECRET_ARN or PSEUDONYM_KEY_FILE');
  const result = await secrets.send(new GetSecretValueCommand({ SecretId: cfg.PSEUDONYM_SECRET_ARN }));
  const value = result.SecretString ?? Buffer.from(result.SecretBinary ?? new Uint8Array()).toString('utf8');
  return checked(Buffer.from(value, 'utf8'), 'the pseudonymisation secret');
}

function checked(key: Uint8Array, source: string): Uint8Array {
  if (key.length < 32) throw new Error(`${source} holds a key shorter than 32 bytes`);
  return key;
}

export function resetKeyForTests(): void {
  cachedKey = undefined;
}
