import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Blobs } from './blobs.ts';
import type { ServiceEnvironment } from './environment.ts';
import { loadOnce } from './load-once.ts';
import type { QueueSender } from './queue.ts';
import type { KeySource } from './secrets.ts';

/**
 * S3, SQS and Secrets Manager for a function where only some requests use them (the API: only some routes
 * read or write objects, send to a queue or read the pseudonymisation key). Each SDK client, and the code
 * around it, is imported and built by the first call that needs it, not at the cold start: with code
 * splitting (infra/bundling.ts) each `import()` below is a file of its own beside index.mjs, which a cold
 * start does not compile. A client passed in (the local runtime's, on the emulators) is used instead of one
 * built from the environment; the module around it is still loaded on first use.
 * Only type imports of the SDK here: a value import would put the client back into index.mjs.
 */

/** Blobs' operations, without its S3 client (a class with a private member cannot be stood in for). */
export type BlobStore = Pick<Blobs, keyof Blobs>;

/** What the routes use of a QueueSender. */
export type MessageSender = Pick<QueueSender, keyof QueueSender>;

export function lazyBlobs(env: ServiceEnvironment, s3?: S3Client): BlobStore {
  const blobs = loadOnce(async () => (await import('./lazy-s3.ts')).s3Blobs(env, s3));
  return {
    get: async (...args) => (await blobs()).get(...args),
    exists: async (...args) => (await blobs()).exists(...args),
    put: async (...args) => (await blobs()).put(...args),
    copy: async (...args) => (await blobs()).copy(...args),
    list: async (...args) => (await blobs()).list(...args),
    delete: async (...args) => (await blobs()).delete(...args),
    presignGet: async (...args) => (await blobs()).presignGet(...args),
    presignPut: async (...args) => (await blobs()).presignPut(...args),
  };
}

/** `sqs`: one client for every queue of the function, built by the first send when not given. */
export function lazySqs(env: ServiceEnvironment, sqs?: SQSClient): (url: string) => MessageSender {
  const senderFor = loadOnce(async () => (await import('./lazy-sqs.ts')).queueSenders(env, sqs));
  return (url) => ({ url, send: async (...args) => (await senderFor())(url).send(...args) });
}

/** pseudonymKeySource (secrets.ts), with Secrets Manager's client and code loaded by the first read. */
export function lazyPseudonymKey(env: ServiceEnvironment & KeySource, secrets?: SecretsManagerClient): () => Promise<Uint8Array> {
  const source = loadOnce(async () => (await import('./lazy-secrets.ts')).keySource(env, secrets));
  return async () => (await source())();
}
