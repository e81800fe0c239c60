import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyBlobs, lazyPseudonymKey, lazySqs } from '../../../functions/aws/lazy-clients.ts';
import { loadOnce } from '../../../functions/aws/load-once.ts';

// The API's S3, SQS and Secrets Manager, loaded by the first request that uses them: the same requests as
// Blobs, QueueSender and pseudonymKeySource send when built up front.

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
afterEach(() => {
  s3.reset();
  sqs.reset();
  secrets.reset();
});

const env = { AWS_REGION: 'eu-north-1' } as Parameters<typeof lazyBlobs>[0];
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

describe('loadOnce', () => {
  it('loads on the first call only and gives every caller the same result', async () => {
    let loads = 0;
    const load = loadOnce(async () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries a failed load again on the next call', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      if (loads === 1) throw new Error('module not found');
      return 'loaded';
    });
    await expect(load()).rejects.toThrow('module not found');
    expect(await load()).toBe('loaded');
    expect(loads).toBe(2);
  });
});

describe('lazy clients', () => {
  it('lazyBlobs reads, writes and presigns through the S3 client it is given', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('gone'), { name: 'NoSuchKey' }));
    s3.on(PutObjectCommand).resolves({});
    const blobs = lazyBlobs(env, new S3Client({ region: 'eu-north-1', credentials }));
    expect(await blobs.get('uploads', 'a/b.csv')).toBeUndefined();
    await blobs.put('uploads', 'a/c.json', '{}', 'application/json');
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'uploads', Key: 'a/b.csv' }]);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'uploads', Key: 'a/c.json', Body: '{}', ContentType: 'application/json', Metadata: undefined }]);
    expect(await blobs.presignPut('uploads', 'a/d.csv', 60)).toMatch(/^https:\/\/uploads\.s3\.eu-north-1\.amazonaws\.com\/a\/d\.csv\?.*X-Amz-Expires=60/);
  });

  it('lazyBlobs builds its own client from the environment when given none', async () => {
    s3.on(PutObjectCommand).resolves({});
    await lazyBlobs(env).put('reports', 'r.pdf', 'x', 'application/pdf');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('lazySqs sends to each queue its own URL, through one client', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const queue = lazySqs(env, new SQSClient({ region: 'eu-north-1', credentials }));
    const compute = queue('https://sqs.eu-north-1.amazonaws.com/1/compute');
    const deliver = queue('https://sqs.eu-north-1.amazonaws.com/1/deliver');
    expect(compute.url).toBe('https://sqs.eu-north-1.amazonaws.com/1/compute');
    await compute.send({ clientId: 'sodertalje' }, 2);
    await deliver.send({ clientId: 'sodertalje', version: 1 });
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: 'https://sqs.eu-north-1.amazonaws.com/1/compute', MessageBody: '{"clientId":"sodertalje"}', DelaySeconds: 2 },
      { QueueUrl: 'https://sqs.eu-north-1.amazonaws.com/1/deliver', MessageBody: '{"clientId":"sodertalje","version":1}', DelaySeconds: 0 },
    ]);
  });

  it('lazyPseudonymKey reads the secret once and passes a failed read on', async () => {
    const key = 'k'.repeat(32);
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('AccessDenied')).resolves({ SecretString: key });
    const read = lazyPseudonymKey({ ...env, PSEUDONYM_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:1:secret:k' }, new SecretsManagerClient({ region: 'eu-north-1', credentials }));
    await expect(read()).rejects.toThrow('AccessDenied');
    expect(Buffer.from(await read()).toString('utf8')).toBe(key);
    expect(Buffer.from(await read()).toString('utf8')).toBe(key);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
