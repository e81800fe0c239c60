import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blobs, ObjectTooLargeError } from '../../functions/aws/blobs.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

let pipeline: TestPipeline;
let blobs: Blobs;
let bucket: string;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: [] });
  blobs = new Blobs(pipeline.runtime.aws.s3);
  bucket = pipeline.runtime.names.uploadsBucket;
});

afterAll(async () => {
  await pipeline.stop();
});

describe('Blobs.get', () => {
  const bytes = new Uint8Array(Array.from({ length: 200_000 }, (_, i) => i % 251));

  it('gives the bytes of an object within the limit', async () => {
    await blobs.put(bucket, 'blobs/2025/within.csv', bytes, 'text/csv');
    const object = await blobs.get(bucket, 'blobs/2025/within.csv', bytes.byteLength);
    expect(Buffer.from(object!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(object!.contentType).toBe('text/csv');
  });

  it('refuses an object over the limit with its size, and the next read still works', async () => {
    await blobs.put(bucket, 'blobs/2025/over.csv', bytes, 'text/csv');
    const refused = await blobs.get(bucket, 'blobs/2025/over.csv', bytes.byteLength - 1).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ObjectTooLargeError);
    expect(refused).toMatchObject({ bytes: bytes.byteLength, limit: bytes.byteLength - 1 });
    for (let i = 0; i < 3; i++) expect((await blobs.get(bucket, 'blobs/2025/within.csv', bytes.byteLength))!.bytes.byteLength).toBe(bytes.byteLength);
  });

  it('gives undefined for an object that does not exist', async () => {
    expect(await blobs.get(bucket, 'blobs/2025/missing.csv', 10)).toBeUndefined();
  });
});
