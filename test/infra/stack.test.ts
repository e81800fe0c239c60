import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseContext } from '../../infra/config.ts';
import { API_PATHS, API_ROUTES } from '../../infra/constructs/api.ts';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/stage-queue.ts';
import { RENDER_NODE_OPTIONS } from '../../infra/constructs/stage-function.ts';
import { RENDER_MAX_CONCURRENCY, SIZING } from '../../infra/effekt-stack.ts';
import { STAGES, type Stage } from '../../infra/handler-entries.ts';
import { logicalIdOf, resources, synthEffekt, type Synthesized } from './synth.ts';

// Assertion tests on the synthesized template. Bundling is skipped here (bundle.test.ts bundles for
// real); cdk-nag runs in every synth below and would make beforeAll throw on any finding.

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthEffekt({ bundle: false, context: { env: 'dev' } });
  prod = synthEffekt({
    bundle: false,
    context: { env: 'prod', senderEmail: 'rapporter@example.se', alarmEmail: 'drift@example.se', uploadRetentionDays: '30', tracing: 'true' },
  });
  // Two synths with cdk-nag take ~15 s alone but far longer on 2 busy cores shared with bundle.test.ts.
}, 240_000);

const fnId = (s: Synthesized, stage: Stage) => logicalIdOf(s.stack, s.stack.functions[stage].fn);
const roleId = (s: Synthesized, stage: Stage) => logicalIdOf(s.stack, s.stack.functions[stage].role);

/** Every statement of every inline policy attached to a stage's role. */
function statementsOf(s: Synthesized, stage: Stage): Statement[] {
  const role = roleId(s, stage);
  return Object.values(resources(s.template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);
const mentions = (st: Statement, logicalId: string) => JSON.stringify(st.Resource).includes(logicalId);

describe('settings', () => {
  it('derives names from env so dev and prod coexist', () => {
    expect(dev.stack.stackName).toBe('Effekt-dev');
    expect(prod.stack.stackName).toBe('Effekt-prod');
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'effekt-dev' });
    prod.template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'effekt-prod-render' });
  });

  it('rejects invalid context with a readable message', () => {
    expect(() => parseContext({ env: 'staging' })).toThrow(/Invalid Effekt CDK context[\s\S]*env/);
    expect(() => parseContext({ coalesceSeconds: '901' })).toThrow(/coalesceSeconds/);
    expect(() => parseContext({ senderEmail: 'not-an-address' })).toThrow(/senderEmail/);
    expect(parseContext({ uploadRetentionDays: '30', tracing: 'true' })).toMatchObject({ uploadRetentionDays: 30, tracing: true, env: 'dev' });
  });

  it('refuses to deploy the placeholder sender but accepts a real one', () => {
    expect(dev.template.toJSON().Rules).toHaveProperty('SenderEmailRequired');
    expect(prod.template.toJSON().Rules).not.toHaveProperty('SenderEmailRequired');
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'rapporter@example.se' });
  });
});

describe('buckets', () => {
  it('every bucket blocks public access, is encrypted and has a TLS-only policy', () => {
    const buckets = resources(dev.template, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(4);
    const policies = Object.values(resources(dev.template, 'AWS::S3::BucketPolicy'));
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(JSON.stringify(bucket.Properties?.BucketEncryption)).toMatch(/"SSEAlgorithm":"(AES256|aws:kms)"/);
      const policy = policies.find((p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: id }));
      const statements = (policy?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('reports are versioned and never expire; uploads and quarantine expire after uploadRetentionDays', () => {
    for (const [s, days] of [[dev, 90], [prod, 30]] as const) {
      const b = resources(s.template, 'AWS::S3::Bucket');
      const reports = b[logicalIdOf(s.stack, s.stack.buckets.reports)]!.Properties!;
      expect(reports.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(JSON.stringify(reports.LifecycleConfiguration ?? {})).not.toMatch(/ExpirationInDays|NoncurrentVersionExpiration/);
      for (const name of ['uploads', 'quarantine'] as const) {
        const rules = (b[logicalIdOf(s.stack, s.stack.buckets[name])]!.Properties!.LifecycleConfiguration as { Rules: object[] }).Rules;
        expect(rules).toContainEqual(expect.objectContaining({ ExpirationInDays: days, Status: 'Enabled' }));
      }
    }
  });

  it('data buckets send server access logs to the log bucket', () => {
    const logBucket = logicalIdOf(dev.stack, dev.stack.buckets.logs);
    const b = resources(dev.template, 'AWS::S3::Bucket');
    for (const name of ['uploads', 'reports', 'quarantine'] as const) {
      expect(b[logicalIdOf(dev.stack, dev.stack.buckets[name])]!.Properties!.LoggingConfiguration).toMatchObject({
        DestinationBucketName: { Ref: logBucket },
      });
    }
  });

  it('uploads notify the ingest queue on create and remove', () => {
    const ingestQueue = logicalIdOf(dev.stack, dev.stack.queues.ingest.queue);
    dev.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIdOf(dev.stack, dev.stack.buckets.uploads) },
      NotificationConfiguration: {
        QueueConfigurations: Match.arrayWith([
          { Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [ingestQueue, 'Arn'] } },
          { Events: ['s3:ObjectRemoved:*'], QueueArn: { 'Fn::GetAtt': [ingestQueue, 'Arn'] } },
        ]),
      },
    });
  });
});

describe('table', () => {
  it('single table with gsi1, on demand, PITR, encrypted', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({
        IndexName: 'gsi1',
        KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      })],
    });
  });

  it('prod keeps data: deletion protection and RETAIN on table, buckets and secret', () => {
    prod.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    dev.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtectionEnabled: false }) });
    for (const type of ['AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool']) {
      for (const r of Object.values(resources(prod.template, type))) expect(r.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('queues', () => {
  it('every stage queue has a DLQ with maxReceiveCount 5; all queues are encrypted and TLS-only', () => {
    const queues = resources(dev.template, 'AWS::SQS::Queue');
    const dlqIds = Object.values(dev.stack.queues).map((q) => logicalIdOf(dev.stack, q.dlq));
    expect(Object.keys(queues)).toHaveLength(10);
    const policies = Object.values(resources(dev.template, 'AWS::SQS::QueuePolicy'));
    for (const [id, q] of Object.entries(queues)) {
      expect(q.Properties?.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((p) => JSON.stringify(p.Properties?.Queues).includes(id));
      expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      if (dlqIds.includes(id)) continue;
      expect(q.Properties?.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.toBeOneOf(dlqIds), 'Arn'] },
        maxReceiveCount: MAX_RECEIVE_COUNT,
      });
    }
  });

  it('visibility timeout is at least 6x the consuming function timeout; mappings report item failures', () => {
    const queues = resources(dev.template, 'AWS::SQS::Queue');
    const functions = resources(dev.template, 'AWS::Lambda::Function');
    const mappings = Object.values(resources(dev.template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(5);
    for (const m of mappings) {
      const p = m.Properties!;
      expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      const queueId = (p.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const fn = functions[(p.FunctionName as { Ref: string }).Ref]!;
      expect(queues[queueId]!.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (fn.Properties!.Timeout as number));
    }
  });

  it('compute queue delays for coalescing; render mapping caps concurrency', () => {
    dev.template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'effekt-dev-compute', DelaySeconds: 60 });
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId(dev, 'render') },
      ScalingConfig: { MaximumConcurrency: RENDER_MAX_CONCURRENCY },
    });
  });
});

describe('functions', () => {
  it('each stage: Node.js 22 on arm64, sized per stage, own log group with retention, render heap flags only', () => {
    const functions = resources(dev.template, 'AWS::Lambda::Function');
    const logGroups = resources(dev.template, 'AWS::Logs::LogGroup');
    for (const stage of STAGES) {
      const p = functions[fnId(dev, stage)]!.Properties!;
      expect(p).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: SIZING[stage].memorySize,
        Timeout: SIZING[stage].timeout.toSeconds(),
        Environment: { Variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: `effekt-${stage}` }) },
      });
      // No stage parses its source map at cold start (effekt trace maps logged traces offline).
      const variables = (p.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.NODE_OPTIONS).toBe(stage === 'render' ? RENDER_NODE_OPTIONS : undefined);
      const logGroupId = (p.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[logGroupId]!.Properties!.RetentionInDays).toBe(90);
    }
    expect(SIZING.render).toMatchObject({ memorySize: 1024 });
    // X-Ray is optional: off by default, on with -c tracing=true (prod synth here).
    for (const stage of STAGES) {
      expect(functions[fnId(dev, stage)]!.Properties!.TracingConfig).toBeUndefined();
      expect(resources(prod.template, 'AWS::Lambda::Function')[fnId(prod, stage)]!.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
    }
    expect(SIZING.ingest.timeout.toSeconds()).toBe(120);
  });

  it('each function gets exactly the environment variables its handler reads', () => {
    const functions = resources(dev.template, 'AWS::Lambda::Function');
    const common = ['LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
    const mail = ['SENDER_EMAIL', 'SES_CONFIGURATION_SET'];
    const expected: Record<Stage, string[]> = {
      ingest: ['TABLE_NAME', 'UPLOADS_BUCKET', 'QUARANTINE_BUCKET', 'COMPUTE_QUEUE_URL', 'PSEUDONYM_SECRET_ARN', 'COALESCE_SECONDS', ...mail],
      compute: ['TABLE_NAME', 'RENDER_QUEUE_URL'],
      render: ['TABLE_NAME', 'REPORTS_BUCKET', 'DELIVER_QUEUE_URL', 'NODE_OPTIONS', ...mail],
      deliver: ['TABLE_NAME', 'REPORTS_BUCKET', 'MAX_ATTACHMENT_BYTES', 'API_BASE_URL', ...mail],
      api: ['TABLE_NAME', 'UPLOADS_BUCKET', 'REPORTS_BUCKET', 'COMPUTE_QUEUE_URL', 'DELIVER_QUEUE_URL', 'PSEUDONYM_SECRET_ARN'],
      feedback: ['TABLE_NAME', ...mail],
    };
    for (const stage of STAGES) {
      const vars = (functions[fnId(dev, stage)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(vars).sort(), stage).toEqual([...common, ...expected[stage]].sort());
    }
  });
});

describe('least privilege', () => {
  it('stage roles carry no AWS managed policies and no wildcard actions', () => {
    const roles = resources(dev.template, 'AWS::IAM::Role');
    for (const stage of STAGES) {
      expect(roles[roleId(dev, stage)]!.Properties!.ManagedPolicyArns, stage).toBeUndefined();
      for (const st of statementsOf(dev, stage)) {
        for (const action of actionsOf(st)) expect(action, stage).not.toMatch(/\*/);
      }
    }
  });

  it('ingest has no statement on the reports bucket', () => {
    const reports = logicalIdOf(dev.stack, dev.stack.buckets.reports);
    const ingest = statementsOf(dev, 'ingest');
    expect(ingest.length).toBeGreaterThan(0);
    expect(ingest.filter((st) => mentions(st, reports))).toEqual([]);
  });

  it('only ingest and the API (for erasure) read the pseudonymisation secret', () => {
    const secret = logicalIdOf(dev.stack, dev.stack.secret);
    for (const stage of STAGES) {
      const touching = statementsOf(dev, stage).filter((st) => mentions(st, secret) || actionsOf(st).some((a) => a.startsWith('secretsmanager:')));
      if (stage === 'ingest' || stage === 'api') {
        expect(touching).toEqual([expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secret } })]);
      } else {
        expect(touching, stage).toEqual([]);
      }
    }
  });

  it('deliver reads reports but cannot write or delete them; render writes but cannot read', () => {
    const reports = logicalIdOf(dev.stack, dev.stack.buckets.reports);
    const onReports = (stage: Stage) => statementsOf(dev, stage).filter((st) => mentions(st, reports)).flatMap(actionsOf).sort();
    expect(onReports('deliver')).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(onReports('render')).toEqual(['s3:PutObject']);
    expect(onReports('api')).toEqual(['s3:GetObject']);
    expect(onReports('compute')).toEqual([]);
    expect(onReports('feedback')).toEqual([]);
  });

  it('bucket access per stage matches the handler contract', () => {
    const id = (b: 'uploads' | 'quarantine') => logicalIdOf(dev.stack, dev.stack.buckets[b]);
    const on = (stage: Stage, b: 'uploads' | 'quarantine') => statementsOf(dev, stage).filter((st) => mentions(st, id(b))).flatMap(actionsOf).sort();
    expect(on('ingest', 'uploads')).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:GetObjectTagging', 's3:ListBucket']);
    expect(on('ingest', 'quarantine')).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    expect(on('api', 'uploads')).toEqual(['s3:DeleteObject', 's3:ListBucket', 's3:PutObject']);
    for (const stage of ['compute', 'render', 'deliver', 'feedback'] as const) {
      expect([...on(stage, 'uploads'), ...on(stage, 'quarantine')], stage).toEqual([]);
    }
  });

  it('each stage sends only to the next queue; SES send is pinned to the sender address', () => {
    const queueOf = (name: keyof Synthesized['stack']['queues']) => logicalIdOf(dev.stack, dev.stack.queues[name].queue);
    const sends = (stage: Stage) => statementsOf(dev, stage).filter((st) => actionsOf(st).includes('sqs:SendMessage')).map((st) => JSON.stringify(st.Resource));
    expect(sends('ingest')).toEqual([JSON.stringify({ 'Fn::GetAtt': [queueOf('compute'), 'Arn'] })]);
    expect(sends('compute')).toEqual([JSON.stringify({ 'Fn::GetAtt': [queueOf('render'), 'Arn'] })]);
    expect(sends('render')).toEqual([JSON.stringify({ 'Fn::GetAtt': [queueOf('deliver'), 'Arn'] })]);
    // The API regenerates through compute and hands approved versions to deliver.
    expect(sends('api')).toEqual([JSON.stringify([{ 'Fn::GetAtt': [queueOf('compute'), 'Arn'] }, { 'Fn::GetAtt': [queueOf('deliver'), 'Arn'] }])]);
    expect(sends('deliver')).toEqual([]);
    for (const stage of STAGES) {
      const ses = statementsOf(dev, stage).filter((st) => actionsOf(st).some((a) => a.startsWith('ses:')));
      const mails = ['ingest', 'render', 'deliver', 'feedback'].includes(stage);
      expect(ses.length, stage).toBe(mails ? 1 : 0);
      for (const st of ses) expect(st.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'rapporter@effekt.example' } });
    }
  });
});

describe('API', () => {
  it('serves exactly the documented routes, each behind the Cognito JWT authorizer', () => {
    const routes = Object.values(resources(dev.template, 'AWS::ApiGatewayV2::Route'));
    const authorizerId = Object.keys(resources(dev.template, 'AWS::ApiGatewayV2::Authorizer'))[0]!;
    // Plus ANY on each path, so a wrong method reaches the function's 405 instead of the gateway's 404.
    const expected = [...API_ROUTES.map((r) => `${r.method} ${r.path}`), ...API_PATHS.map((p) => `ANY ${p}`)];
    expect(routes.map((r) => r.Properties!.RouteKey).sort()).toEqual(expected.sort());
    for (const r of routes) {
      expect(r.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: Match.anyValue() }], Issuer: Match.anyValue() },
    });
  });

  it('stage is throttled and writes access logs', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('user pool: admin and consultant groups, custom:clients writable only by admins', () => {
    dev.template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    for (const g of ['admin', 'consultant']) dev.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: g });
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith([Match.objectLike({ Name: 'clients', AttributeDataType: 'String', Mutable: true })]),
    });
    const client = Object.values(resources(dev.template, 'AWS::Cognito::UserPoolClient'))[0]!.Properties!;
    expect(client.ReadAttributes).toContain('custom:clients');
    expect(client.WriteAttributes).not.toContain('custom:clients');
  });
});

describe('mail, secret and alarms', () => {
  it('SES configuration set sends bounces and complaints via EventBridge to the feedback queue', () => {
    dev.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], EventBridgeDestination: Match.anyValue() }),
    });
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'], detail: Match.anyValue() },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(dev.stack, dev.stack.queues.feedback.queue), 'Arn'] } })],
    });
    dev.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'rapporter@effekt.example', ConfigurationSetAttributes: Match.anyValue() });
  });

  it('the pseudonymisation key is generated by Secrets Manager', () => {
    dev.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'effekt-dev/pseudonym-key',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  it('an alarm for every DLQ (>= 1 visible message) and for every function\'s Errors and Throttles', () => {
    const alarms = Object.values(resources(dev.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    const topic = logicalIdOf(dev.stack, dev.stack.alarms.topic);
    for (const q of Object.values(dev.stack.queues)) {
      const dlq = logicalIdOf(dev.stack, q.dlq);
      expect(alarms).toContainEqual(expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }));
    }
    for (const stage of STAGES) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms).toContainEqual(expect.objectContaining({
          MetricName: metric,
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(dev, stage) } }],
        }));
      }
    }
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
    expect(alarms).toHaveLength(5 + 2 * STAGES.length);
  });

  it('operator topic is encrypted and subscribes alarmEmail when given', () => {
    prod.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'drift@example.se' });
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('cdk-nag', () => {
  it('both environments synthesized with the AwsSolutions plugin and no unacknowledged finding', () => {
    // beforeAll would have thrown otherwise; also prove the plugin is live by failing a bad stack.
    const app = new App({ outdir: dev.outdir + '-nag-probe' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Probe');
    new s3.Bucket(stack, 'Careless');
    expect(() => app.synth()).toThrow();
  });

  it('every acknowledgement carries a written reason', () => {
    for (const s of [dev, prod]) {
      const acks = s.stack.node.findAll().flatMap((c) =>
        c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>));
      expect(acks.length).toBeGreaterThan(0);
      for (const entry of acks) {
        for (const [id, reason] of Object.entries(entry)) expect(reason.length, id).toBeGreaterThan(40);
      }
    }
  });
});
