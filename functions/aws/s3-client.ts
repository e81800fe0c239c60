import { S3Client } from '@aws-sdk/client-s3';
import { maxAttempts, type ClientOptions } from './client-options.ts';
import type { ServiceEnvironment } from './environment.ts';

export const createS3Client = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new S3Client({
    region: env.AWS_REGION,
    endpoint: env.EFFEKT_ENDPOINT_S3,
    forcePathStyle: env.EFFEKT_ENDPOINT_S3 !== undefined,
    maxAttempts,
    // Without these the SDK frames streamed bodies with a checksum trailer that the S3 emulator stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...options,
  });
