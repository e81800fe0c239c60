import { Duration, Lazy, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, objectWildcardFinding } from '../nag.ts';
import { SecureBucket } from './secure-bucket.ts';

export interface ConsoleSiteProps {
  prefix: string;
  /** Where S3 server access logs go (the stack's access-log bucket). */
  accessLogs: s3.IBucket;
  /** As for every Effekt bucket: RETAIN in prod (nothing auto-deletes there), DESTROY with auto-delete in dev. */
  removalPolicy: RemovalPolicy;
  autoDeleteObjects: boolean;
  /** Retention of the deployment function's log group. */
  logRetention: logs.RetentionDays;
  /** The managed-login origin, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authDomainUrl: string;
  /** The console's own host name and its us-east-1 ACM certificate; none: the `*.cloudfront.net` name. */
  domainName?: string;
  certificateArn?: string;
}

export interface ConsolePublishProps {
  /** The built console (index.html, assets/…): see infra/console-build.ts. */
  content: s3deploy.ISource;
  /** The API's base URL without a trailing slash. */
  apiBaseUrl: string;
  /** The public app client (no secret) the console signs in with. */
  clientId: string;
  scopes: string[];
  /** Browser origins that may PUT to presigned upload URLs: the console's (and configured extra ones). */
  uploadOrigins: string[];
  uploads: s3.Bucket;
  reports: s3.Bucket;
}

/** What `/config.json` holds in AWS; the console reads it at start (locally `effekt serve` serves its own). */
export interface ConsoleRuntimeConfig {
  apiBaseUrl: string;
  auth: { mode: 'cognito'; domain: string; clientId: string; redirectUri: string; logoutUri: string; scopes: string[] };
}

/** The console routes with the URL fragment; any path without a file extension is the app itself. */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The Content-Security-Policy of the console. No 'unsafe-inline' or eval anywhere: scripts and styles come
 * only from the console's own files. `connect` lists where the console's fetches may go besides itself.
 */
export function consoleCsp(connect: readonly string[], authDomainUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`,
    // pdf.js renders report pages in a worker of its own (/assets/pdf.worker.min.mjs).
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${authDomainUrl}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The consultants' web console in AWS (issue 20): the built files in a private bucket behind CloudFront
 * with Origin Access Control (the bucket policy lets only this distribution read), security headers on
 * every response, `/config.json` written at deploy time with the API's URL and the sign-in settings.
 *
 * Built in two steps because the API and the console name each other: the site exists first so its
 * origin can go into the API's CORS and the app client's callback URLs; `publish` then adds the files
 * once the API and the app client exist.
 */
export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** `https://<host>` without a trailing slash; a deploy-time token without a custom domain. */
  readonly origin: string;
  /** Where the console may connect besides itself (CSP connect-src); set by publish(). */
  private connectSources?: string[];
  private readonly props: ConsoleSiteProps;
  deployment?: s3deploy.BucketDeployment;
  config?: ConsoleRuntimeConfig;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.props = props;
    // The files are rebuilt on every deploy; the bucket still follows the stack's rule for buckets
    // (in prod no function may empty a bucket), so a destroyed prod stack leaves it behind.
    this.bucket = new SecureBucket(this, 'Console', { accessLogs: props.accessLogs, removalPolicy: props.removalPolicy, autoDeleteObjects: props.autoDeleteObjects }).bucket;

    // CloudFront's standard logs are written with an ACL grant to its log-delivery account, so this
    // bucket keeps ACLs (owner preferred); otherwise it has the defaults of every Effekt bucket.
    this.logBucket = new s3.Bucket(this, 'CloudFrontLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'cloudfront-logs/',
      lifecycleRules: [{ id: 'expire-cloudfront-logs', expiration: Duration.days(365) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
    });

    const region = Stack.of(this).region;
    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: `${props.prefix}-console`,
      comment: 'Effekt console: CSP without inline code, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: Lazy.string({
            produce: () => consoleCsp(this.connectSources ?? [`https://*.execute-api.${region}.amazonaws.com`, `https://*.s3.${region}.amazonaws.com`], props.authDomainUrl),
          }),
        },
        strictTransportSecurity: { override: true, accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: false },
        contentTypeOptions: { override: true },
        frameOptions: { override: true, frameOption: cloudfront.HeadersFrameOption.DENY },
        referrerPolicy: { override: true, referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()', override: true },
        ],
      },
    });

    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      functionName: `${props.prefix}-console-spa`,
      comment: 'Paths without a file extension serve index.html',
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const custom = props.domainName && props.certificateArn
      ? { domainNames: [props.domainName], certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) }
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.prefix} console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: spaFallback }],
      },
      ...(custom
        ? { ...custom, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021, sslSupportMethod: cloudfront.SSLMethod.SNI }
        : {}),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe edges: the consultants work in Sweden.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'console/',
      logIncludesCookies: false,
    });
    this.origin = custom ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;

    acknowledge(this.distribution, 'AwsSolutions-CFR1',
      'No geo restriction: consultants sign in from wherever they work (travel included); the site serves only static files, and every API call needs a Cognito token with MFA.');
    acknowledge(this.distribution, 'AwsSolutions-CFR2',
      'No WAF: the distribution serves only the static console files (read-only, cached, GET/HEAD); the API it calls is a separate endpoint with a JWT authorizer and stage throttling. A CloudFront web ACL would have to live in a us-east-1 stack and adds a fixed monthly charge for no protected logic.');
    if (!custom) {
      acknowledge(this.distribution, 'AwsSolutions-CFR4',
        'Without consoleDomain/consoleCertificateArn the console is served at the distribution\'s *.cloudfront.net name with CloudFront\'s default certificate, whose security policy CloudFront fixes (browsers negotiate TLS 1.2/1.3 with it anyway). Setting a custom domain applies TLSv1.2_2021 (docs/deploy.md).');
    }
  }

  /** Adds the console's files and `/config.json`, and lets the console's origin use the buckets' presigned URLs. */
  publish(props: ConsolePublishProps): void {
    const { region } = Stack.of(this);
    this.connectSources = this.props.domainName
      // With a custom domain the origin is a literal, so the API and the buckets do not depend on the
      // distribution and the CSP can name their exact hosts.
      ? [props.apiBaseUrl, `https://${props.uploads.bucketRegionalDomainName}`, `https://${props.reports.bucketRegionalDomainName}`, this.props.authDomainUrl]
      // Without one, the API's CORS and the uploads bucket's CORS name the distribution's generated host,
      // and CloudFormation cannot also make the distribution's headers name the API's and the buckets'
      // generated hosts (a dependency cycle): the CSP names this region's API Gateway and S3 hosts instead.
      : [`https://*.execute-api.${region}.amazonaws.com`, `https://*.s3.${region}.amazonaws.com`, this.props.authDomainUrl];

    // Presigned PUT from the browser (with Content-Type, hence a preflight), only from the console.
    props.uploads.addCorsRule({
      allowedOrigins: props.uploadOrigins,
      allowedMethods: [s3.HttpMethods.PUT],
      allowedHeaders: ['content-type'],
      maxAge: 3600,
    });
    // The report preview fetches the API, which redirects to a presigned GET here; a redirect across
    // origins makes the browser send `Origin: null`, so no origin list can match. The presigned URL is the
    // permission; CORS only lets the console read what the URL already gives.
    props.reports.addCorsRule({
      allowedOrigins: ['*'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      maxAge: 3600,
    });

    this.config = {
      apiBaseUrl: props.apiBaseUrl,
      auth: {
        mode: 'cognito',
        domain: this.props.authDomainUrl,
        clientId: props.clientId,
        redirectUri: `${this.origin}/`,
        logoutUri: `${this.origin}/`,
        scopes: props.scopes,
      },
    };
    this.deployment = new s3deploy.BucketDeployment(this, 'Files', {
      // config.json last: it replaces any config.json a build may carry.
      sources: [props.content, s3deploy.Source.jsonData('config.json', this.config)],
      destinationBucket: this.bucket,
      // Every file is revalidated (ETag), so a deploy shows at the next load; the console is small.
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: true,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      // Its own log group, so it follows the stack's retention and removal like every other log group.
      logGroup: new logs.LogGroup(this, 'DeployLogs', { retention: this.props.logRetention, removalPolicy: this.props.removalPolicy }),
    });
    this.acknowledgeDeploymentHandler();
  }

  /** cdk-nag findings on CDK's own BucketDeployment function (a stack-level singleton), each with its reason. */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const role = this.deployment?.handlerRole;
    if (!handler || !(role instanceof iam.Role)) throw new Error('BucketDeployment handler not found: CDK changed how it builds it; review the cdk-nag acknowledgements');
    acknowledge(handler, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed function that runs only during deployment to copy the console files; the managed policy lets it write its own logs and nothing else.');
    acknowledge(handler, 'AwsSolutions-L1',
      'CDK-managed deployment-time function: CDK pins its runtime to the one its bundled AWS CLI layer supports; it never handles requests.');
    const s3Wildcards = 'are the wildcard actions CDK grants its deployment function (bucket.grantReadWrite / grantRead): it copies the built console from the CDK asset bucket into the console bucket and prunes old files, only during deployment.';
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      acknowledge(handler, `AwsSolutions-IAM5[Action::${action}]`, `${action} and its neighbours ${s3Wildcards}`);
    }
    acknowledge(handler, objectWildcardFinding(this.bucket.node.defaultChild as s3.CfnBucket),
      'Every object of the console bucket: the deployment function replaces the whole site (keys are the build\'s file names); the bucket holds nothing else.');
    // The CDK asset bucket's name comes from the synthesizer (bootstrap qualifier, account, region).
    const policy = role.node.tryFindChild('DefaultPolicy');
    const document = (policy instanceof iam.Policy ? stack.resolve(policy.document.toJSON()) : { Statement: [] }) as { Statement: { Resource: unknown }[] };
    for (const resource of document.Statement.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]))) {
      if (typeof resource === 'string' && resource.startsWith('arn:') && resource.endsWith('/*')) {
        acknowledge(handler, `AwsSolutions-IAM5[Resource::${resource}]`, 'The CDK asset bucket\'s objects: the deployment function reads the zipped console build from there (read-only, bootstrap bucket of this account and region).');
      }
    }
    acknowledge(handler, 'AwsSolutions-IAM5[Resource::*]',
      'cloudfront:CreateInvalidation and GetInvalidation as CDK grants them to its deployment function, so a deploy shows the new console at once; the function only invalidates this distribution.');
  }
}
