import {
  CopyObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface StoredObject {
  bytes: Uint8Array;
  lastModified?: Date;
  contentType?: string;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/** S3 reads and writes used by the stages. */
export class Blobs {
  constructor(private readonly s3: S3Client) {}

  /** The object's bytes, or undefined when it does not exist (deleted since the event). */
  async get(bucket: string, key: string, maxBytes?: number): Promise<StoredObject | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      // The size is in the response headers: an object over the limit is refused before its body is read.
      if (maxBytes !== undefined && (result.ContentLength ?? 0) > maxBytes) {
        await result.Body?.transformToWebStream().cancel();
        throw new ObjectTooLargeError(key, result.ContentLength ?? 0, maxBytes);
      }
      const bytes = await result.Body!.transformToByteArray();
      return { bytes, lastModified: result.LastModified, contentType: result.ContentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async put(bucket: string, key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>) {
    await this.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: metadata }),
    );
  }

  async copy(fromBucket: string, fromKey: string, toBucket: string, toKey: string) {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: toBucket,
        Key: toKey,
        CopySource: `${fromBucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  }

  /** Every object under a prefix (paged), with its last-modified time. */
  async list(bucket: string, prefix: string): Promise<{ key: string; lastModified?: Date; size?: number }[]> {
    const objects: { key: string; lastModified?: Date; size?: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, lastModified: o.LastModified, size: o.Size });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async delete(bucket: string, key: string) {
    await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  async presignGet(bucket: string, key: string, expiresInSeconds: number, downloadName?: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: downloadName ? `attachment; filename="${downloadName}"` : undefined,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  async presignPut(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}

export class ObjectTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${key} is ${bytes} bytes, over the limit of ${limit} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}
