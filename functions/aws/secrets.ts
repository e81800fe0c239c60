import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadOnce } from './load-once.ts';

/** Where the key is: a secret in AWS, a file in local mode (the stage's environment says which). */
export interface KeySource {
  PSEUDONYM_SECRET_ARN?: string;
  PSEUDONYM_KEY_FILE?: string;
}

/**
 * The pseudonymisation key: Secrets Manager in AWS, a local file in local mode. Read once per set of
 * dependencies (a failed read is tried again next time); never logged.
 */
export function pseudonymKeySource(source: KeySource, secrets: SecretsManagerClient): () => Promise<Uint8Array> {
  return loadOnce(() => loadKey(source, secrets));
}

async function loadKey(source: KeySource, secrets: SecretsManagerClient): Promise<Uint8Array> {
  if (source.PSEUDONYM_KEY_FILE) {
    const text = (await readFile(source.PSEUDONYM_KEY_FILE, 'utf8')).trim();
    return checked(Buffer.from(text, 'base64'), source.PSEUDONYM_KEY_FILE);
  }
  if (!source.PSEUDONYM_SECRET_ARN) throw new Error('no pseudonymisation key configured: set PSEUDONYM_SECRET_ARN or PSEUDONYM_KEY_FILE');
  const result = await secrets.send(new GetSecretValueCommand({ SecretId: source.PSEUDONYM_SECRET_ARN }));
  const value = result.SecretString ?? Buffer.from(result.SecretBinary ?? new Uint8Array()).toString('utf8');
  return checked(Buffer.from(value, 'utf8'), 'the pseudonymisation secret');
}

function checked(key: Uint8Array, source: string): Uint8Array {
  if (key.length < 32) throw new Error(`${source} holds a key shorter than 32 bytes`);
  return key;
}
