import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import S3rver from 's3rver';
import sesModule from 'aws-ses-v2-local';
import { SqsEmulator } from './sqs-emulator.ts';
import { checkSignature, signatureErrorXml } from './s3-signature.ts';

/** The local S3's only credentials (s3rver's built-in account); the handlers' clients sign with them. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface EmulatorOptions {
  /**
   * Keep the tables and objects in this directory (`dynamodb/`, `s3/`), so that a restart finds them
   * (`effekt serve --data`). Queues and the SES store stay in memory. Default: a temporary directory
   * for S3 and memory for DynamoDB, both gone on stop.
   */
  dataDirectory?: string;
}

/**
 * The embedded AWS emulators, each on a free loopback port and speaking the real wire protocol:
 * dynalite (DynamoDB), s3rver (S3), aws-ses-v2-local (SES v2) and our SQS emulator.
 */
export interface Emulators {
  endpoints: { dynamodb: string; s3: string; ses: string; sqs: string };
  sqs: SqsEmulator;
  /** Raw MIME of every message the SES emulator accepted, in order. */
  sentMail: Uint8Array[];
  stop(): Promise<void>;
}

export interface S3Notification {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; sequencer?: string } } }[];
}

const encodeS3EventKey = (key: string) =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

type DynaliteMessage = { type: 'listening'; port: number } | { type: 'stopped'; error?: string } | { type: 'error'; message: string };

/**
 * dynalite on its own thread: in AWS, DynamoDB is another service whose work does not share the
 * caller's CPU, and in one thread the emulator's request handling (JSON, validation, LevelDB) would
 * compete with the handler it serves. Still in-process and still reached only through its endpoint.
 */
async function startDynalite(path?: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), { workerData: { path } });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the dynalite thread exited with code ${code} before listening`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.on('message', function onMessage(message: DynaliteMessage) {
      if (message.type === 'error') reject(new Error(`dynalite: ${message.message}`));
      if (message.type !== 'listening') return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      worker.off('exit', onExit);
      resolve(message.port);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      // Close the server (and its store) on its thread first, then end the thread.
      const stopped = new Promise<string | undefined>((resolve) => {
        worker.on('message', (m: DynaliteMessage) => m.type === 'stopped' && resolve(m.error));
        worker.once('exit', () => resolve(undefined));
      });
      worker.postMessage({ type: 'stop' });
      const error = await stopped;
      await worker.terminate();
      if (error) throw new Error(`dynalite did not close cleanly: ${error}`);
    },
  };
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const data = options.dataDirectory;
  if (data) await mkdir(join(data, 'dynamodb'), { recursive: true });
  const dynamo = await startDynalite(data ? join(data, 'dynamodb') : undefined);
  const dynamodb = dynamo.endpoint;

  const s3Directory = data ? join(data, 's3') : await mkdtemp(join(tmpdir(), 'effekt-s3-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Directory });
  // Signature Version 4, checked as S3 checks it, in front of everything s3rver does (see s3-signature.ts).
  s3rver.middleware.unshift(async (ctx, next) => {
    const verdict = checkSignature({ method: ctx.req.method ?? 'GET', url: ctx.req.url ?? '/', headers: ctx.req.headers }, LOCAL_S3_CREDENTIALS, new Date());
    if (verdict.ok) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = signatureErrorXml(verdict);
  });
  const s3Address = await s3rver.run();
  const s3 = `http://127.0.0.1:${s3Address.port}`;

  // The package is CommonJS with `exports.default`; depending on the loader it arrives wrapped once or twice.
  type StartSes = (config: { host: string; port: number }) => Promise<Server>;
  const sesExport = sesModule as unknown as StartSes | { default: StartSes };
  const startSes: StartSes = typeof sesExport === 'function' ? sesExport : sesExport.default;
  const sesServer = await startSes({ host: '127.0.0.1', port: 0 });
  const ses = `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}`;
  // The SES emulator keeps parsed messages only; keep the raw MIME the handlers sent, byte for byte.
  const sentMail: Uint8Array[] = [];
  sesServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/email/outbound-emails')) return;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('finish', () => {
      if (res.statusCode !== 200) return;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Content?: { Raw?: { Data?: string } } };
      const data = body.Content?.Raw?.Data;
      if (data) sentMail.push(new Uint8Array(Buffer.from(data, 'base64')));
    });
  });

  const sqs = new SqsEmulator();
  const sqsEndpoint = await sqs.start();

  // Bucket notifications, by convention: events of bucket `<prefix>uploads` go to queue `<prefix>ingest`,
  // with the key URL-encoded as S3 encodes it in notifications.
  s3rver.on('event', (event: S3Notification) => {
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      if (!bucket.endsWith('uploads')) continue;
      record.s3.object.key = encodeS3EventKey(record.s3.object.key);
      sqs.sendToQueue(`${bucket.slice(0, -'uploads'.length)}ingest`, JSON.stringify({ Records: [record] }));
    }
  });

  return {
    endpoints: { dynamodb, s3, ses, sqs: sqsEndpoint },
    sqs,
    sentMail,
    async stop() {
      await sqs.stop();
      await s3rver.close();
      await closeServer(sesServer);
      await dynamo.stop();
      if (!data) await rm(s3Directory, { recursive: true, force: true });
    },
  };
}
