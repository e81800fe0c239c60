import { Annotations, CfnOutput, CfnRule, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { authDomainPrefix, consoleOrigins, consoleUrls, PLACEHOLDER_SENDER, resourcePrefix, type EffektContext } from './config.ts';
import { consoleContent } from './console-build.ts';
import { OperatorAlarms } from './constructs/alarms.ts';
import { EVENT_BATCH_SIZES } from './constructs/event-source-settings.ts';
import { Api } from './constructs/api.ts';
import { ConsoleSite } from './constructs/console-site.ts';
import { PipelineDashboard, stageMetric } from './constructs/dashboard.ts';
import { Mail } from './constructs/mail.ts';
import { SecureBucket } from './constructs/secure-bucket.ts';
import { execWrapperFor, nodeOptionsFor, StageFunction } from './constructs/stage-function.ts';
import { stageBundling } from './bundling.ts';
import { StageQueue } from './constructs/stage-queue.ts';
import { handlerEntry, PROJECT_ROOT, type HandlerEntry, type Stage } from './handler-entries.ts';
import { acknowledge, objectWildcardFinding } from './nag.ts';
import { TABLE_KEY_SCHEMA } from '../functions/aws/table-schema.ts';
import { deployedEnvironment } from '../functions/aws/environment.ts';
import { apiEnvironment } from '../functions/api/env.ts';
import { computeEnvironment } from '../functions/compute/env.ts';
import { deliverEnvironment } from '../functions/deliver/env.ts';
import { feedbackEnvironment } from '../functions/feedback/env.ts';
import { ingestEnvironment } from '../functions/ingest/env.ts';
import { renderEnvironment } from '../functions/render/env.ts';

export interface EffektStackProps extends StackProps {
  settings: EffektContext;
}

/**
 * Memory and timeout per stage. Render and ingest figures come from `npm run bench` (render: a cold
 * example report; ingest: the largest accepted workbook; see docs/benchmarks.md); the rest are small API
 * and SQS glue. Timeouts drive the queues' visibility timeouts (6×).
 */
export const SIZING: Record<Stage, { memorySize: number; timeout: Duration }> = {
  ingest: { memorySize: 1024, timeout: Duration.seconds(120) },
  // A file may hold a million rows (functions/core/parse DEFAULT_PARSE_LIMITS), and computing a year with
  // such a file holds all its rows at once: far more than 512 MB, and near 1024 MB for a wide assessment
  // file, so the size leaves room for the heap to grow (docs/benchmarks.md, tenth pass).
  compute: { memorySize: 1536, timeout: Duration.seconds(60) },
  render: { memorySize: 1024, timeout: Duration.seconds(60) },
  deliver: { memorySize: 512, timeout: Duration.seconds(60) },
  // API Gateway gives up on an integration after 30 s.
  api: { memorySize: 512, timeout: Duration.seconds(29) },
  feedback: { memorySize: 256, timeout: Duration.seconds(30) },
};

/**
 * DynamoDB actions per stage: exactly what the store methods each stage calls send (every SQS
 * stage also records dead-letter reasons with PutItem). test/infra derives the same sets from the
 * source and fails when they drift. Only api (client list, audit trail) and feedback (which client has
 * a bounced address) query gsi1; only ingest and api (deleting a file, erasing a person) delete items or
 * write in batches.
 */
export const TABLE_ACCESS: Record<Stage, { table: readonly string[]; index: readonly string[] }> = {
  // ingest reads what the table holds about one uploaded file name in one BatchGetItem.
  ingest: {
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    index: [],
  },
  compute: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], index: [] },
  render: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], index: [] },
  // deliver lists versions (which is newest) and files (who caused a draft).
  deliver: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], index: [] },
  // api: approval and withdrawal update versions; deleting a file and erasing a person delete and rewrite rows.
  api: {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    index: ['dynamodb:Query'],
  },
  feedback: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'], index: ['dynamodb:Query'] },
};

/** Concurrent render invocations: bounds memory-heavy work and SES send rate. */
export const RENDER_MAX_CONCURRENCY = 5;

const RETENTION: Record<number, logs.RetentionDays> = Object.fromEntries(
  Object.values(logs.RetentionDays)
    .filter((v): v is logs.RetentionDays => typeof v === 'number')
    .map((v) => [v, v]),
);

/** The nearest CloudWatch retention that is at least `days`. */
function retentionFor(days: number): logs.RetentionDays {
  const allowed = Object.keys(RETENTION).map(Number).filter((d) => d >= days && d > 0).sort((a, b) => a - b);
  const pick = allowed[0];
  return pick === undefined ? logs.RetentionDays.TEN_YEARS : (RETENTION[pick] ?? logs.RetentionDays.TEN_YEARS);
}

export class EffektStack extends Stack {
  readonly settings: EffektContext;
  readonly prefix: string;
  readonly entries: HandlerEntry[] = [];
  readonly buckets: { logs: s3.Bucket; uploads: s3.Bucket; reports: s3.Bucket; quarantine: s3.Bucket };
  readonly table: dynamodb.Table;
  readonly secret: secretsmanager.Secret;
  readonly queues: Record<'ingest' | 'compute' | 'render' | 'deliver' | 'feedback', StageQueue>;
  readonly functions: Record<Stage, StageFunction>;
  readonly api: Api;
  readonly console: ConsoleSite;
  readonly mail: Mail;
  readonly alarms: OperatorAlarms;
  readonly metricsNamespace: string;
  readonly dashboard: PipelineDashboard;

  constructor(scope: Construct, id: string, props: EffektStackProps) {
    super(scope, id, props);
    const s = props.settings;
    this.settings = s;
    const prefix = resourcePrefix(s);
    this.prefix = prefix;
    const prod = s.env === 'prod';
    // Data outlives a prod stack; dev can be torn down and recreated freely: its buckets are emptied
    // (every object version) by CDK's auto-delete custom resource before CloudFormation deletes them.
    const dataRemoval = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = retentionFor(s.logRetentionDays);

    if (s.senderEmail === PLACEHOLDER_SENDER) {
      // Synth and diff work with the placeholder; CloudFormation refuses to deploy it (the app cannot
      // tell synth from deploy, a template rule can).
      Annotations.of(this).addWarningV2('effekt:placeholder-sender', `senderEmail is the placeholder ${PLACEHOLDER_SENDER}: deploy will be refused. Pass -c senderEmail=...`);
      new CfnRule(this, 'SenderEmailRequired', {
        assertions: [{
          assert: Fn.conditionNot(Fn.conditionEquals(s.senderEmail, PLACEHOLDER_SENDER)),
          assertDescription: 'senderEmail is required for deploy: npx cdk deploy -c env=<dev|prod> -c senderEmail=<verified sender address>',
        }],
      });
    }

    // One namespace per environment: dev and prod may share an account, their counts must not add up.
    this.metricsNamespace = `Effekt/${s.env}`;
    this.alarms = new OperatorAlarms(this, 'Alarms', { prefix, alarmEmail: s.alarmEmail, removalPolicy: dataRemoval });

    // ---- storage ---------------------------------------------------------------------------------
    const logBucket = new s3.Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // The S3 log delivery service only writes to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: dataRemoval,
      autoDeleteObjects: !prod,
    });
    acknowledge(logBucket, 'AwsSolutions-S1', 'This is the access-log target bucket itself; logging it into itself would loop and logging it elsewhere only moves the problem.');

    const bucket = (name: string, extra: { versioned?: boolean; expireAfterDays?: number }) =>
      new SecureBucket(this, name, { accessLogs: logBucket, removalPolicy: dataRemoval, autoDeleteObjects: !prod, ...extra }).bucket;
    this.buckets = {
      logs: logBucket,
      uploads: bucket('Uploads', { expireAfterDays: s.uploadRetentionDays }),
      // Every report version is kept: versioning on, no expiry.
      reports: bucket('Reports', { versioned: true }),
      quarantine: bucket('Quarantine', { expireAfterDays: s.uploadRetentionDays }),
    };

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: prefix,
      partitionKey: { name: TABLE_KEY_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEY_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: prod,
      removalPolicy: dataRemoval,
    });
    // Lists all clients (gsi1pk = CLIENTS) and the audit trail across clients (gsi1pk = AUDIT).
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEY_SCHEMA.gsi.name,
      partitionKey: { name: TABLE_KEY_SCHEMA.gsi.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEY_SCHEMA.gsi.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.secret = new secretsmanager.Secret(this, 'PseudonymSecret', {
      secretName: `${prefix}/pseudonym-key`,
      description: 'HMAC key that turns respondent ids into pseudonyms (read by ingest only)',
      // 64 ASCII characters: the handler needs at least 32 bytes.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Losing the key would break pseudonym continuity across years: never delete it with a prod stack.
      removalPolicy: dataRemoval,
    });
    acknowledge(this.secret, 'AwsSolutions-SMG4', 'The pseudonymisation key must stay stable: rotating it would give every respondent a new pseudonym and break year-over-year matching. It is read only by the ingest role.');

    // ---- queues ----------------------------------------------------------------------------------
    const queue = (stage: 'ingest' | 'compute' | 'render' | 'deliver' | 'feedback', timeout: Duration, deliveryDelay?: Duration) =>
      new StageQueue(this, `${stage[0]!.toUpperCase()}${stage.slice(1)}Queue`, {
        queueName: `${prefix}-${stage}`,
        visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
        deliveryDelay,
        alarmAction: this.alarms.action,
        // Longer than two full attempts (plus the coalescing delay): not a busy moment but a stuck stage.
        maxMessageAge: Duration.seconds(2 * timeout.toSeconds() * 6 + (deliveryDelay?.toSeconds() ?? 0)),
      });
    this.queues = {
      ingest: queue('ingest', SIZING.ingest.timeout),
      // Default delay for messages sent without DelaySeconds: a burst of uploads ends in one compute.
      compute: queue('compute', SIZING.compute.timeout, Duration.seconds(s.coalesceSeconds)),
      render: queue('render', SIZING.render.timeout),
      deliver: queue('deliver', SIZING.deliver.timeout),
      feedback: queue('feedback', SIZING.feedback.timeout),
    };
    for (const q of Object.values(this.queues)) {
      this.alarms.track(q.dlqAlarm);
      this.alarms.track(q.ageAlarm);
    }

    // S3 → ingest queue for every create and delete under <client>/<year>/.
    const toIngest = new s3n.SqsDestination(this.queues.ingest.queue);
    this.buckets.uploads.addEventNotification(s3.EventType.OBJECT_CREATED, toIngest);
    this.buckets.uploads.addEventNotification(s3.EventType.OBJECT_REMOVED, toIngest);

    this.mail = new Mail(this, 'Mail', {
      prefix,
      senderEmail: s.senderEmail,
      importSenderIdentity: s.importSenderIdentity,
      mailDomain: s.mailDomain,
      mailFromSubdomain: s.mailFromSubdomain,
      feedbackQueue: this.queues.feedback.queue,
    });

    // ---- functions -------------------------------------------------------------------------------
    // Each function's environment is exactly what its functions/<stage>/env.ts describes as deployed:
    // deployedEnvironment fails the synth when one is missing or one is set that the stage does not read.
    const observed = { LOG_LEVEL: s.logLevel, POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace };
    const mailEnv = { SENDER_EMAIL: s.senderEmail, SES_CONFIGURATION_SET: this.mail.configurationSetName };
    const make = (stage: Stage, environment: Record<string, string>, description: string) => {
      const entry = handlerEntry(stage);
      this.entries.push(entry);
      const f = new StageFunction(this, `${stage[0]!.toUpperCase()}${stage.slice(1)}Function`, {
        functionName: `${prefix}-${stage}`,
        entry: entry.entry,
        projectRoot: PROJECT_ROOT,
        ...SIZING[stage],
        environment,
        logRetention,
        logRemovalPolicy: dataRemoval,
        tracing: s.tracing,
        description,
        bundling: stageBundling(stage, PROJECT_ROOT),
        nodeOptions: nodeOptionsFor(stage),
        execWrapper: execWrapperFor(stage),
      });
      this.alarms.watchFunction(stage, f.fn);
      return f;
    };

    const api = make('api', deployedEnvironment(apiEnvironment, {
      LOG_LEVEL: s.logLevel,
      TABLE_NAME: this.table.tableName,
      UPLOADS_BUCKET: this.buckets.uploads.bucketName,
      REPORTS_BUCKET: this.buckets.reports.bucketName,
      QUARANTINE_BUCKET: this.buckets.quarantine.bucketName,
      COMPUTE_QUEUE_URL: this.queues.compute.queue.queueUrl,
      DELIVER_QUEUE_URL: this.queues.deliver.queue.queueUrl,
      PSEUDONYM_SECRET_ARN: this.secret.secretArn,
    }), 'HTTP API: clients, settings, upload URLs, report regeneration, approval and downloads');
    // The console (issue 20) first: its origin goes into the API's CORS and the app client's URLs.
    const authPrefix = authDomainPrefix(s, this.account);
    this.console = new ConsoleSite(this, 'Console', {
      prefix,
      accessLogs: logBucket,
      removalPolicy: dataRemoval,
      autoDeleteObjects: !prod,
      logRetention,
      authDomainUrl: `https://${authPrefix}.auth.${this.region}.amazoncognito.com`,
      domainName: s.consoleDomain,
      certificateArn: s.consoleCertificateArn,
    });
    this.api = new Api(this, 'Api', {
      prefix,
      handler: api.fn,
      logRetention,
      removalPolicy: dataRemoval,
      deletionProtection: prod,
      authLocale: s.authLocale,
      ...consoleUrls(s, this.console.origin),
      authDomainPrefix: authPrefix,
      corsOrigins: consoleOrigins(s, this.console.origin),
    });
    // No trailing slash: handlers append /v1/... paths.
    const apiBaseUrl = `https://${this.api.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
    this.console.publish({
      content: consoleContent(PROJECT_ROOT),
      apiBaseUrl,
      clientId: this.api.userPoolClient.userPoolClientId,
      scopes: this.api.scopes,
      uploadOrigins: consoleOrigins(s, this.console.origin),
      uploads: this.buckets.uploads,
      reports: this.buckets.reports,
    });

    const ingest = make('ingest', deployedEnvironment(ingestEnvironment, {
      ...observed,
      TABLE_NAME: this.table.tableName,
      UPLOADS_BUCKET: this.buckets.uploads.bucketName,
      QUARANTINE_BUCKET: this.buckets.quarantine.bucketName,
      COMPUTE_QUEUE_URL: this.queues.compute.queue.queueUrl,
      PSEUDONYM_SECRET_ARN: this.secret.secretArn,
      COALESCE_SECONDS: String(s.coalesceSeconds),
      ...mailEnv,
    }), 'Validates uploaded files, stores pseudonymised rows, quarantines rejected files');
    const compute = make('compute', deployedEnvironment(computeEnvironment, {
      ...observed,
      TABLE_NAME: this.table.tableName,
      RENDER_QUEUE_URL: this.queues.render.queue.queueUrl,
    }), 'Computes a client-year metrics document');
    const render = make('render', deployedEnvironment(renderEnvironment, {
      ...observed,
      TABLE_NAME: this.table.tableName,
      REPORTS_BUCKET: this.buckets.reports.bucketName,
      DELIVER_QUEUE_URL: this.queues.deliver.queue.queueUrl,
      ...mailEnv,
    }), 'Renders a report version to PDF');
    const deliver = make('deliver', deployedEnvironment(deliverEnvironment, {
      ...observed,
      TABLE_NAME: this.table.tableName,
      REPORTS_BUCKET: this.buckets.reports.bucketName,
      MAX_ATTACHMENT_BYTES: String(s.maxAttachmentBytes),
      API_BASE_URL: apiBaseUrl,
      ...mailEnv,
    }), 'E-mails a rendered report to the client recipients');
    const feedback = make('feedback', deployedEnvironment(feedbackEnvironment, {
      ...observed,
      TABLE_NAME: this.table.tableName,
      ...mailEnv,
    }), 'Marks bouncing or complaining addresses undeliverable and tells the consultant');
    this.functions = { ingest, compute, render, deliver, api, feedback };

    // ---- event sources ---------------------------------------------------------------------------
    const source = (q: StageQueue, batchSize: number, maxConcurrency?: number) =>
      new SqsEventSource(q.queue, { batchSize, reportBatchItemFailures: true, maxConcurrency });
    ingest.fn.addEventSource(source(this.queues.ingest, EVENT_BATCH_SIZES.ingest));
    compute.fn.addEventSource(source(this.queues.compute, EVENT_BATCH_SIZES.compute));
    render.fn.addEventSource(source(this.queues.render, EVENT_BATCH_SIZES.render, RENDER_MAX_CONCURRENCY));
    deliver.fn.addEventSource(source(this.queues.deliver, EVENT_BATCH_SIZES.deliver));
    feedback.fn.addEventSource(source(this.queues.feedback, EVENT_BATCH_SIZES.feedback));

    // ---- least-privilege grants (each stage exactly what its handler calls) -----------------------
    const allow = (f: StageFunction, actions: string[], resources: string[]) =>
      f.role.addToPolicy(new iam.PolicyStatement({ actions, resources }));
    /** Object-level actions on `<bucket>/*`: keys are `<client>/<year>/<file>`, known only at run time. */
    const allowObjects = (f: StageFunction, actions: string[], b: s3.Bucket) => {
      allow(f, actions, [b.arnForObjects('*')]);
      acknowledge(f.role, objectWildcardFinding(b.node.defaultChild as s3.CfnBucket),
        `${actions.join(', ')} on every object of one bucket: object keys are <client>/<year>/<file> and only known at run time; the bucket and the actions are pinned.`);
    };
    /** The table actions of TABLE_ACCESS: on the table, and Query on gsi1 only for stages that list across clients. */
    const allowTable = (stage: Stage, f: StageFunction) => {
      const access = TABLE_ACCESS[stage];
      allow(f, [...access.table], [this.table.tableArn]);
      if (access.index.length > 0) allow(f, [...access.index], [`${this.table.tableArn}/index/${TABLE_KEY_SCHEMA.gsi.name}`]);
    };
    const send = (f: StageFunction, q: StageQueue) => allow(f, ['sqs:SendMessage'], [q.queue.queueArn]);
    const { uploads, reports, quarantine } = this.buckets;

    // ingest: read and remove uploads (a rejected file is copied to quarantine, then deleted; CopyObject
    // copies tags, hence the tagging actions), write quarantine, read the key. ListBucket makes a
    // vanished upload a 404 (handled) instead of a 403. No statement names the reports bucket.
    // A refused export whose proposed mapping arrives is put back from quarantine into uploads (read it, write it).
    allowObjects(ingest, ['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject', 's3:PutObject'], uploads);
    allow(ingest, ['s3:ListBucket'], [uploads.bucketArn]);
    allowObjects(ingest, ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging'], quarantine);
    allow(ingest, ['secretsmanager:GetSecretValue'], [this.secret.secretArn]);
    allowTable('ingest', ingest);
    send(ingest, this.queues.compute);
    this.mail.grantSend(ingest.role);

    // compute: table only, then the render queue.
    allowTable('compute', compute);
    send(compute, this.queues.render);

    // render: writes new report objects (never reads or deletes them), records versions in the table.
    allowObjects(render, ['s3:PutObject'], reports);
    allowTable('render', render);
    send(render, this.queues.deliver);
    this.mail.grantSend(render.role);

    // deliver: reads reports (read-only), claims and records deliveries in the table. ListBucket makes
    // a missing object a 404 (handled) instead of a 403.
    allowObjects(deliver, ['s3:GetObject'], reports);
    allow(deliver, ['s3:ListBucket'], [reports.bucketArn]);
    allowTable('deliver', deliver);
    this.mail.grantSend(deliver.role);

    // api: presigned URLs are signed with the function's credentials, so it needs exactly the
    // permissions the URLs exercise: PutObject on uploads, GetObject on reports.
    // Deleting a file removes its upload (ListBucket lists a year's files and makes a missing one a 404);
    // erasure reads the pseudonymisation key. Deleting a rejected file removes its quarantined copy
    // (delete only: the API never reads a refused file).
    allowObjects(api, ['s3:PutObject', 's3:DeleteObject'], uploads);
    allow(api, ['s3:ListBucket'], [uploads.bucketArn]);
    allowObjects(api, ['s3:DeleteObject'], quarantine);
    allowObjects(api, ['s3:GetObject'], reports);
    allow(api, ['secretsmanager:GetSecretValue'], [this.secret.secretArn]);
    allowTable('api', api);
    send(api, this.queues.compute);
    send(api, this.queues.deliver);

    // feedback: updates client settings, mails the consultant.
    allowTable('feedback', feedback);
    this.mail.grantSend(feedback.role);

    // ---- symptoms and the dashboard ---------------------------------------------------------------
    this.alarms.watchApi(this.api.httpApi, { serverErrorPercent: s.api5xxPercent, latencyP95Ms: s.apiLatencyP95Ms });
    this.alarms.watchRenderFailures(stageMetric(this.metricsNamespace, 'render', 'RenderFailures'));
    this.alarms.watchRejectedFiles(stageMetric(this.metricsNamespace, 'ingest', 'FilesRejected', Duration.hours(1)), s.rejectedFilesPerHour);
    const ses = this.alarms.watchSesReputation();
    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      dashboardName: `${prefix}-pipeline`,
      namespace: this.metricsNamespace,
      functions: { ingest: ingest.fn, compute: compute.fn, render: render.fn, deliver: deliver.fn, api: api.fn, feedback: feedback.fn },
      queues: this.queues,
      httpApi: this.api.httpApi,
      ses,
      alarms: this.alarms.alarms,
    });

    // CDK's own deploy-time custom resource that writes the uploads bucket's notification configuration.
    for (const child of this.node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler')) {
        acknowledge(child, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          'CDK-managed singleton that runs only during deployment to set the uploads bucket notifications; the managed policy lets it write its own logs and nothing else.');
      }
    }

    // ---- outputs ---------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.console.origin}/`, description: 'The consultants\' console' });
    new CfnOutput(this, 'ConsoleDistributionDomainName', { value: this.console.distribution.distributionDomainName, description: 'CNAME target for consoleDomain' });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'UploadsBucketName', { value: this.buckets.uploads.bucketName });
    new CfnOutput(this, 'ReportsBucketName', { value: this.buckets.reports.bucketName });
    new CfnOutput(this, 'QuarantineBucketName', { value: this.buckets.quarantine.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
    if (this.api.domain) {
      new CfnOutput(this, 'ManagedLoginUrl', { value: this.api.domain.baseUrl(), description: 'Cognito managed login (the console signs in here)' });
    }
    // The DNS records to publish for the sending domain (docs/deploy.md, step 4).
    if (s.mailDomain && this.mail.mailFromDomain) {
      this.mail.domainIdentity?.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, { value: Fn.join(' ', [record.name, 'CNAME', record.value]), description: `Easy DKIM record ${i + 1} of 3` });
      });
      new CfnOutput(this, 'MailFromMxRecord', { value: `${this.mail.mailFromDomain} MX 10 feedback-smtp.${this.region}.amazonses.com`, description: 'Custom MAIL FROM: where bounces return' });
      new CfnOutput(this, 'MailFromSpfRecord', { value: `${this.mail.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`, description: 'Custom MAIL FROM: SPF' });
      new CfnOutput(this, 'DmarcRecord', { value: `_dmarc.${s.mailDomain} TXT "v=DMARC1; p=none; rua=mailto:dmarc@${s.mailDomain}"`, description: 'Start with p=none, then quarantine (docs/deploy.md)' });
    }
  }
}
