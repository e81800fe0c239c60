import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blobs } from '../../functions/aws/blobs.ts';
import { EffektTable } from '../../functions/aws/table.ts';
import { startLocalRuntime } from '../../cli/local/runtime.ts';
import { uploadAndSettle } from '../../cli/local/pipeline-run.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

// Issue 23, local stack: the local S3 refuses what S3 refuses, and `effekt serve --data` keeps its state.

let pipeline: TestPipeline;
let blobs: Blobs;
let bucket: string;
let endpoint: string;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: [] });
  blobs = new Blobs(pipeline.runtime.aws.s3);
  bucket = pipeline.runtime.names.quarantineBucket;
  endpoint = pipeline.runtime.env.EFFEKT_ENDPOINT_S3!;
  await blobs.put(bucket, 'acme/2025/a.csv', 'the bytes of a', 'text/csv');
  await blobs.put(bucket, 'acme/2025/b.csv', 'the bytes of b', 'text/csv');
});

afterAll(async () => {
  await pipeline.stop();
});

const s3With = (secretAccessKey: string) =>
  new S3Client({ endpoint, region: 'eu-north-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey } });

describe('the local S3 checks Signature Version 4', () => {
  it('opens a presigned GET URL for its own key only', async () => {
    const url = await blobs.presignGet(bucket, 'acme/2025/a.csv', 60);
    const own = await fetch(url);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe('the bytes of a');
    const other = await fetch(url.replace('/a.csv?', '/b.csv?'));
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('SignatureDoesNotMatch');
  });

  it('lets a presigned PUT URL write its own key only', async () => {
    const url = await blobs.presignPut(bucket, 'acme/2025/upload.csv', 60);
    expect((await fetch(url, { method: 'PUT', body: 'new' })).status).toBe(200);
    expect((await fetch(url.replace('/upload.csv?', '/a.csv?'), { method: 'PUT', body: 'overwritten' })).status).toBe(403);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
    expect(new TextDecoder().decode((await blobs.get(bucket, 'acme/2025/a.csv'))!.bytes)).toBe('the bytes of a');
  });

  it('refuses unsigned requests, another secret, a changed query and an expired URL', async () => {
    expect((await fetch(`${endpoint}/${bucket}/acme/2025/a.csv`)).status).toBe(403);
    const wrong = await s3With('not-the-secret').send(new GetObjectCommand({ Bucket: bucket, Key: 'acme/2025/a.csv' })).catch((error: Error) => error);
    expect(wrong).toMatchObject({ name: 'SignatureDoesNotMatch' });
    const url = await blobs.presignGet(bucket, 'acme/2025/a.csv', 60, 'a.csv');
    expect((await fetch(url.replace('response-content-disposition=attachment', 'response-content-disposition=inline'))).status).toBe(403);
    const expired = await getSignedUrl(pipeline.runtime.aws.s3, new GetObjectCommand({ Bucket: bucket, Key: 'acme/2025/a.csv' }), {
      expiresIn: 60,
      signingDate: new Date('2020-01-01T00:00:00Z'),
    });
    const response = await fetch(expired);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Request has expired');
  });

  it('answers a CORS preflight without a signature, so a browser can PUT through a presigned URL', async () => {
    await pipeline.runtime.aws.s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['http://127.0.0.1:5173'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }] },
      }),
    );
    const url = await blobs.presignPut(bucket, 'acme/2025/browser.csv', 60);
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).not.toBeNull();
    const put = await fetch(url, { method: 'PUT', body: 'from a browser', headers: { Origin: 'http://127.0.0.1:5173', 'Content-Type': 'text/csv' } });
    expect(put.status).toBe(200);
  });
});

describe('a local stack with a data directory', () => {
  let dataDirectory: string;
  beforeAll(async () => {
    dataDirectory = await mkdtemp(join(tmpdir(), 'effekt-data-'));
  });
  afterAll(async () => {
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it('keeps the committed files and the uploaded objects across a restart', async () => {
    // Ingest only: what must survive is the stored state, not a report.
    const options = { dataDirectory, stages: ['ingest'] as const, coalesceSeconds: 0, logLevel: 'SILENT' as const, keyFile: '.effekt/test-pseudonym.key' };
    const first = await startLocalRuntime(options);
    try {
      await uploadAndSettle(first, { clientId: 'acme', year: 2025 }, ['test/fixtures/files/good/reaktioner.csv']);
    } finally {
      await first.stop();
    }
    const second = await startLocalRuntime(options);
    try {
      const files = await new EffektTable(second.aws.dynamodb, second.names.table).listFiles('acme', 2025);
      expect(files.map((f) => [f.fileName, f.rows])).toEqual([['reaktioner.csv', 12]]);
      const object = await new Blobs(second.aws.s3).get(second.names.uploadsBucket, 'acme/2025/reaktioner.csv');
      expect(object?.bytes.byteLength).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
