// Loaded by lazy-clients.ts's import(): S3's SDK client and Blobs, in a file of their own.
import type { S3Client } from '@aws-sdk/client-s3';
import { Blobs } from './blobs.ts';
import { createS3Client } from './s3-client.ts';
import type { ServiceEnvironment } from './environment.ts';

export const s3Blobs = (env: ServiceEnvironment, s3?: S3Client): Blobs => new Blobs(s3 ?? createS3Client(env));
