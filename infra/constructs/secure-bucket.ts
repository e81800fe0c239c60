import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Where S3 server access logs go (prefix = construct id). */
  accessLogs: s3.IBucket;
  versioned?: boolean;
  /** Current objects expire after this many days; unset keeps them. */
  expireAfterDays?: number;
  removalPolicy: RemovalPolicy;
  /** Empty the bucket (every version) before CloudFormation deletes it: dev only, so a used dev stack can be destroyed. */
  autoDeleteObjects?: boolean;
}

/**
 * A private bucket with the defaults every Effekt bucket needs: no public access, TLS-only policy,
 * S3-managed encryption, ACLs disabled, access logs to the log bucket.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const rules: s3.LifecycleRule[] = [
      { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ];
    if (props.expireAfterDays !== undefined) {
      rules.push({
        id: 'expire-current',
        expiration: Duration.days(props.expireAfterDays),
        // Deleted/overwritten versions would otherwise linger; only relevant if versioning is on.
        ...(props.versioned ? { noncurrentVersionExpiration: Duration.days(props.expireAfterDays) } : {}),
      });
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // SSE-S3 rather than KMS: S3 event notifications to SQS and presigned URLs work without key grants.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned ?? false,
      lifecycleRules: rules,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: `${id.toLowerCase()}/`,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects ?? false,
    });
  }
}
