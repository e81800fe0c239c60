import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH_MESSAGES } from '../../infra/auth-messages.ts';
import { bundlingCommands, stageBundling } from '../../infra/bundling.ts';
import { parseContext } from '../../infra/config.ts';
import { API_FALLBACK_ROUTES, API_ROUTES } from '../../infra/constructs/api.ts';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/stage-queue.ts';
import { INGEST_NODE_OPTIONS, RENDER_NODE_OPTIONS } from '../../infra/constructs/stage-function.ts';
import { RENDER_MAX_CONCURRENCY, SIZING, TABLE_ACCESS } from '../../infra/effekt-stack.ts';
import { PROJECT_ROOT, STAGES, type Stage } from '../../infra/handler-entries.ts';
import { CONSOLE_PROD_CONTEXT, consoleStackSuite } from './console-stack.ts';
import { logicalIdOf, resources, synthEffekt, type Synthesized } from './synth.ts';
import { stageTableUse } from './table-usage.ts';
import { apiEnvironment } from '../../functions/api/env.ts';
import { deployedEnvironment, EnvironmentError, parseEnvironment, type EnvironmentDescription } from '../../functions/aws/environment.ts';
import { computeEnvironment } from '../../functions/compute/env.ts';
import { deliverEnvironment } from '../../functions/deliver/env.ts';
import { feedbackEnvironment } from '../../functions/feedback/env.ts';
import { ingestEnvironment } from '../../functions/ingest/env.ts';
import { renderEnvironment } from '../../functions/render/env.ts';

const ENVIRONMENTS: Record<Stage, EnvironmentDescription<unknown, string>> = {
  ingest: ingestEnvironment,
  compute: computeEnvironment,
  render: renderEnvironment,
  deliver: deliverEnvironment,
  api: apiEnvironment,
  feedback: feedbackEnvironment,
};

// Assertion tests on the synthesized template. Bundling is skipped here (bundle.test.ts bundles for
// real); cdk-nag runs in every synth below and would make beforeAll throw on any finding.

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  // As under the CDK CLI without an AWS profile: it sets CDK_DEFAULT_REGION to its us-east-1 fallback.
  const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  delete process.env.CDK_DEFAULT_ACCOUNT;
  try {
    dev = synthEffekt({ bundle: false, context: { env: 'dev' } });
  } finally {
    if (saved.region === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = saved.region;
    if (saved.account !== undefined) process.env.CDK_DEFAULT_ACCOUNT = saved.account;
  }
  prod = synthEffekt({
    bundle: false,
    context: {
      env: 'prod', senderEmail: 'rapporter@example.se', alarmEmail: 'drift@example.se', uploadRetentionDays: '30', tracing: 'true',
      mailDomain: 'example.se', authLocale: 'en', authDomainPrefix: 'effekt-example',
      // As cdk.json gives a list and `-c` a comma-separated string.
      consoleCallbackUrls: ['https://effekt.example.se/auth/callback'], consoleLogoutUrls: 'https://effekt.example.se/',
      rejectedFilesPerHour: '3', api5xxPercent: '2', apiLatencyP95Ms: '2500',
      ...CONSOLE_PROD_CONTEXT,
    },
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
    // prod sends from a domain identity (below); the address is only for trying Effekt out.
    dev.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'rapporter@effekt.example' });
  });
});

describe('buckets', () => {
  it('every bucket blocks public access, is encrypted and has a TLS-only policy', () => {
    const buckets = resources(dev.template, 'AWS::S3::Bucket');
    // logs, uploads, reports, quarantine, and the console's files and CloudFront logs (console.test.ts).
    expect(Object.keys(buckets)).toHaveLength(6);
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
  it('each stage: Node.js 22 on arm64, sized per stage, own log group with retention, render heap flags and ingest’s pool size only', () => {
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
      });
      // No stage parses its source map at cold start (effekt trace maps logged traces offline).
      const variables = (p.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.NODE_OPTIONS).toBe(stage === 'render' ? `${RENDER_NODE_OPTIONS} --require /var/task/reset-heap-flags.cjs` : stage === 'ingest' ? INGEST_NODE_OPTIONS : undefined);
      expect(variables.AWS_LAMBDA_EXEC_WRAPPER).toBe(stage === 'render' ? '/var/task/heap-flags-last.sh' : undefined);
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

  it('each function gets exactly the variables its functions/<stage>/env.ts describes as deployed (plus Node\'s NODE_OPTIONS and Lambda\'s exec wrapper)', () => {
    for (const s of [dev, prod]) {
      const functions = resources(s.template, 'AWS::Lambda::Function');
      for (const stage of STAGES) {
        const vars = (functions[fnId(s, stage)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
        const node = stage === 'render' ? ['NODE_OPTIONS', 'AWS_LAMBDA_EXEC_WRAPPER'] : stage === 'ingest' ? ['NODE_OPTIONS'] : [];
        expect(Object.keys(vars).sort(), stage).toEqual([...ENVIRONMENTS[stage].deployed, ...node].sort());
        // What the stack sets passes the stage's own cold-start check (tokens stand in for names and URLs).
        const resolved = Object.fromEntries(Object.keys(vars).map((name) => [name, sampleValue(name, vars[name])]));
        expect(() => parseEnvironment(ENVIRONMENTS[stage], { AWS_REGION: 'eu-north-1', ...resolved }), stage).not.toThrow();
      }
    }
  });

  it('a variable a stage requires and the stack leaves out fails the synth, naming it', () => {
    const values = { LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_NAMESPACE: 'Effekt/dev', RENDER_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/1/q' };
    expect(() => deployedEnvironment(computeEnvironment, values as never)).toThrow(EnvironmentError);
    expect(() => deployedEnvironment(computeEnvironment, values as never)).toThrow(/compute function's environment.*TABLE_NAME is required but not set/);
    expect(() => deployedEnvironment(computeEnvironment, { ...values, TABLE_NAME: 'effekt-dev', UPLOADS_BUCKET: 'b' } as never)).toThrow(/UPLOADS_BUCKET is not read by the stage/);
  });
});

/** A plausible deployed value for a variable whose template value is a CloudFormation reference. */
function sampleValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (name.endsWith('_URL')) return 'https://example.amazonaws.com/000000000000/q';
  return `resolved-${name.toLowerCase()}`;
}

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
    expect(on('ingest', 'uploads')).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:GetObjectTagging', 's3:ListBucket', 's3:PutObject']);
    expect(on('ingest', 'quarantine')).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
    expect(on('api', 'uploads')).toEqual(['s3:DeleteObject', 's3:ListBucket', 's3:PutObject']);
    // Deleting a rejected file erases its quarantined copy; the API never reads a refused file.
    expect(on('api', 'quarantine')).toEqual(['s3:DeleteObject']);
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
    // Plus every other method (not ANY, not OPTIONS: CORS preflights) on each path, so a wrong method
    // reaches the function's 405 instead of the gateway's 404.
    const expected = [...API_ROUTES, ...API_FALLBACK_ROUTES].map((r) => `${r.method} ${r.path}`);
    expect(expected.some((key) => key.startsWith('ANY ') || key.startsWith('OPTIONS '))).toBe(false);
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
    // 5 DLQs, 5 queue ages, Errors and Throttles per function, API 5xx and p95, render failures,
    // rejected files, SES bounce and complaint rates.
    expect(alarms).toHaveLength(5 + 5 + 2 * STAGES.length + 2 + 1 + 1 + 2);
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

// ---- issue 24: running it for real -----------------------------------------------------------------

type AlarmProps = Record<string, unknown> & { AlarmName: string; AlarmDescription: string };
const alarmsOf = (s: Synthesized) => Object.values(resources(s.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as AlarmProps);
const alarmNamed = (s: Synthesized, name: string) => {
  const found = alarmsOf(s).find((a) => a.AlarmName === name);
  if (!found) throw new Error(`no alarm ${name}; have ${alarmsOf(s).map((a) => a.AlarmName).join(', ')}`);
  return found;
};

describe('region by choice', () => {
  it('synth under a CLI that falls back to us-east-1 still gives eu-north-1, everywhere in the template', () => {
    expect(dev.stack.region).toBe('eu-north-1');
    expect(prod.stack.region).toBe('eu-north-1');
    const json = JSON.stringify(dev.template.toJSON());
    expect(json).not.toContain('us-east-1');
    expect(json).toContain(':eu-north-1:');
    // The assembly records where CloudFormation deploys the stack.
    expect(dev.assembly.getStackArtifact(dev.stack.artifactId).environment.region).toBe('eu-north-1');
  });

  it('the region is a setting limited to EU regions', () => {
    expect(parseContext({}).region).toBe('eu-north-1');
    expect(parseContext({ region: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(() => parseContext({ region: 'us-east-1' })).toThrow(/region must be an EU region/);
  });
});

describe('teardown', () => {
  it('dev: every bucket is emptied (all versions) by the auto-delete resource and deleted with the stack', () => {
    const buckets = resources(dev.template, 'AWS::S3::Bucket');
    const autoDeleted = Object.values(resources(dev.template, 'Custom::S3AutoDeleteObjects')).map((r) => JSON.stringify(r.Properties?.BucketName));
    expect(Object.keys(buckets)).toHaveLength(6);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.DeletionPolicy, id).toBe('Delete');
      expect(autoDeleted, id).toContain(JSON.stringify({ Ref: id }));
    }
    // The reports bucket is versioned: the custom resource removes versions too, or destroy would fail.
    expect(buckets[logicalIdOf(dev.stack, dev.stack.buckets.reports)]!.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup']) {
      for (const [id, r] of Object.entries(resources(dev.template, type))) expect(r.DeletionPolicy, id).toBe('Delete');
    }
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });

  it('prod: nothing auto-deletes; data is retained and protected', () => {
    prod.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    for (const r of Object.values(resources(prod.template, 'AWS::S3::Bucket'))) expect(r.DeletionPolicy).toBe('Retain');
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    prod.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });
});

describe('least privilege on the table', () => {
  const tableId = () => logicalIdOf(dev.stack, dev.stack.table);
  const isIndexArn = (st: Statement) => JSON.stringify(st.Resource).includes('/index/');
  const tableActions = (stage: Stage, onIndex: boolean) =>
    statementsOf(dev, stage)
      .filter((st) => mentions(st, tableId()) && isIndexArn(st) === onIndex)
      .flatMap(actionsOf)
      .sort();

  it.each(STAGES)('%s: exactly the DynamoDB actions its code sends (read from functions/), on the table and on gsi1', (stage) => {
    const used = stageTableUse(stage);
    expect(used.methods.length, stage).toBeGreaterThan(0);
    expect(tableActions(stage, false), `${stage} table; calls ${used.methods.join(', ')}`).toEqual(used.actions.table);
    expect(tableActions(stage, true), `${stage} gsi1; calls ${used.methods.join(', ')}`).toEqual(used.actions.index);
    expect([...TABLE_ACCESS[stage].table].sort()).toEqual(used.actions.table);
  });

  it('only ingest and the API (deleting a file, erasing a person) delete items or batch-write; table statements name only the table and its index', () => {
    for (const stage of STAGES) {
      const actions = [...tableActions(stage, false), ...tableActions(stage, true)];
      const destructive = actions.filter((a) => a === 'dynamodb:DeleteItem' || a === 'dynamodb:BatchWriteItem');
      expect(destructive, stage).toEqual(stage === 'ingest' || stage === 'api' ? ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'] : []);
      for (const st of statementsOf(dev, stage).filter((x) => actionsOf(x).some((a) => a.startsWith('dynamodb:')))) {
        const resource = JSON.stringify(st.Resource);
        expect(resource).toContain(tableId());
        expect(resource).not.toMatch(/\/index\/\*|"\*"/);
      }
    }
  });
});

describe('KMS', () => {
  it('every service principal in a key policy is limited to this account (aws:SourceAccount)', () => {
    for (const s of [dev, prod]) {
      const keys = Object.values(resources(s.template, 'AWS::KMS::Key'));
      expect(keys.length).toBeGreaterThan(0);
      const services = keys.flatMap((k) => (k.Properties!.KeyPolicy as { Statement: (Statement & { Principal: { Service?: string } })[] }).Statement)
        .filter((st) => st.Principal.Service);
      expect(services.length).toBeGreaterThan(0);
      for (const st of services) {
        expect(st.Condition, st.Principal.Service).toMatchObject({ StringEquals: { 'aws:SourceAccount': s.stack.account } });
      }
    }
  });

  it('CloudWatch may use the alarm key only for this environment\'s alarms', () => {
    const statements = Object.values(resources(prod.template, 'AWS::KMS::Key'))
      .flatMap((k) => (k.Properties!.KeyPolicy as { Statement: (Statement & { Principal: { Service?: string } })[] }).Statement)
      .filter((st) => st.Principal.Service === 'cloudwatch.amazonaws.com');
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': prod.stack.account },
      ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-north-1:${prod.stack.account}:alarm:effekt-prod-*` },
    });
    for (const alarm of alarmsOf(prod)) expect(alarm.AlarmName.startsWith('effekt-prod-'), alarm.AlarmName).toBe(true);
  });
});

describe('Cognito', () => {
  const clientOf = (s: Synthesized) => Object.values(resources(s.template, 'AWS::Cognito::UserPoolClient'))[0]!.Properties!;

  it('the app client: authorization code flow only, openid email profile, SRP (and refresh) only, public', () => {
    for (const s of [dev, prod]) {
      const client = clientOf(s);
      expect(client.AllowedOAuthFlows).toEqual(['code']);
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
      expect([...(client.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
      expect([...(client.ExplicitAuthFlows as string[])].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
      // A public client (the console runs in the browser): PKCE protects its code exchange.
      expect(client.GenerateSecret).toBe(false);
      expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    }
  });

  it('callback and logout URLs: the deployed console\'s own, then the configured extra ones (test/infra/console.test.ts)', () => {
    expect(clientOf(prod).CallbackURLs).toContain('https://effekt.example.se/auth/callback');
    expect(clientOf(prod).LogoutURLs).toContain('https://effekt.example.se/');
    expect(JSON.stringify(clientOf(prod))).not.toContain('example.com');
    expect(() => parseContext({ env: 'prod', consoleCallbackUrls: 'http://effekt.example.se/cb' })).toThrow(/consoleCallbackUrls must be https/);
  });

  it('managed login domain (version 2): the configured prefix, else effekt-<env>-<account>', () => {
    prod.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'effekt-example', ManagedLoginVersion: 2 });
    prod.template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: `effekt-dev-${dev.stack.account}`, ManagedLoginVersion: 2 });
    expect(() => parseContext({ authDomainPrefix: 'effekt-cognito' })).toThrow(/authDomainPrefix must not contain/);
  });

  it('invitation and verification messages in Swedish by default, English by setting', () => {
    for (const [s, locale] of [[dev, 'sv'], [prod, 'en']] as const) {
      const texts = AUTH_MESSAGES[locale];
      s.template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: Match.objectLike({
          InviteMessageTemplate: { EmailSubject: texts.invitationSubject, EmailMessage: texts.invitationBody, SMSMessage: texts.invitationSms },
        }),
        VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailSubject: texts.verificationSubject, EmailMessage: texts.verificationBody }),
      });
    }
    expect(AUTH_MESSAGES.sv.invitationSubject).toBe('Ditt konto i Effekt');
    for (const texts of Object.values(AUTH_MESSAGES)) {
      expect(texts.invitationBody).toContain('{username}');
      expect(texts.invitationBody).toContain('{####}');
      expect(texts.verificationBody).toContain('{####}');
    }
  });

  it('Essentials tier: threat protection is not available there, and the acknowledgement says so', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
    const acks = dev.stack.api.node.findAll().flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => m.data as Record<string, string>);
    const reason = acks.flatMap((a) => Object.entries(a)).find(([id]) => id.endsWith('AwsSolutions-COG8'))?.[1];
    expect(reason).toMatch(/Plus/);
  });
});

describe('mail that arrives', () => {
  it('with mailDomain: a domain identity with Easy DKIM (2048 bit) and custom MAIL FROM, and no address identity', () => {
    const identities = Object.values(resources(prod.template, 'AWS::SES::EmailIdentity')).map((r) => r.Properties!);
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({
      EmailIdentity: 'example.se',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'bounce.example.se', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(prod.stack, prod.stack.mail.configurationSet) } },
    });
  });

  it('the DNS records to publish are stack outputs: three DKIM CNAMEs, MAIL FROM MX and SPF, DMARC', () => {
    const outputs = prod.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const n of [1, 2, 3]) expect(JSON.stringify(outputs[`DkimRecord${n}`]?.Value)).toContain('CNAME');
    expect(outputs.MailFromMxRecord?.Value).toBe('bounce.example.se MX 10 feedback-smtp.eu-north-1.amazonses.com');
    expect(outputs.MailFromSpfRecord?.Value).toBe('bounce.example.se TXT "v=spf1 include:amazonses.com ~all"');
    expect(outputs.DmarcRecord?.Value).toMatch(/^_dmarc\.example\.se TXT "v=DMARC1; p=none; rua=mailto:/);
    expect(Object.keys(dev.template.toJSON().Outputs as object)).not.toContain('DkimRecord1');
  });

  it('senderEmail must belong to mailDomain', () => {
    expect(() => parseContext({ mailDomain: 'example.se', senderEmail: 'rapporter@annat.se' })).toThrow(/senderEmail must be an address of mailDomain example.se/);
    expect(parseContext({ mailDomain: 'example.se', senderEmail: 'rapporter@example.se' }).mailFromSubdomain).toBe('bounce');
  });
});

describe('alarms on what users feel', () => {
  const namespace = (s: Synthesized) => `Effekt/${s.stack.settings.env}`;

  it('the stages publish their metrics to the namespace the alarms read (one per environment)', () => {
    for (const s of [dev, prod]) {
      // The API emits no metrics of its own (API Gateway's are alarmed on); every other stage does.
      for (const stage of STAGES.filter((st) => st !== 'api')) {
        const fn = resources(s.template, 'AWS::Lambda::Function')[fnId(s, stage)]!;
        expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_METRICS_NAMESPACE, stage).toBe(namespace(s));
      }
    }
  });

  it('API 5xx rate from the HTTP API metrics, threshold from config', () => {
    for (const [s, percent] of [[dev, 5], [prod, 2]] as const) {
      const alarm = alarmNamed(s, `effekt-${s.stack.settings.env}-api-5xx-rate`);
      expect(alarm).toMatchObject({ Threshold: percent, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
      const metrics = alarm.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown[] } } }[];
      expect(metrics.find((m) => m.Expression)?.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
      const stats = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!.Metric]));
      expect(stats.errors).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalIdOf(s.stack, s.stack.api.httpApi) } }] });
      expect(stats.requests).toMatchObject({ MetricName: 'Count', Namespace: 'AWS/ApiGateway' });
    }
  });

  it('API p95 latency over three 5-minute periods, threshold from config', () => {
    expect(alarmNamed(prod, 'effekt-prod-api-latency-p95')).toMatchObject({
      MetricName: 'Latency', Namespace: 'AWS/ApiGateway', ExtendedStatistic: 'p95', Period: 300,
      Threshold: 2500, EvaluationPeriods: 3, DatapointsToAlarm: 3,
    });
    expect(alarmNamed(dev, 'effekt-dev-api-latency-p95').Threshold).toBe(3000);
  });

  it('any render failure, and rejected files per hour above the configured count', () => {
    expect(alarmNamed(dev, 'effekt-dev-render-failures')).toMatchObject({
      MetricName: 'RenderFailures', Namespace: 'Effekt/dev', Dimensions: [{ Name: 'service', Value: 'render' }],
      Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    for (const [s, perHour] of [[dev, 5], [prod, 3]] as const) {
      expect(alarmNamed(s, `effekt-${s.stack.settings.env}-files-rejected`)).toMatchObject({
        MetricName: 'FilesRejected', Namespace: namespace(s), Dimensions: [{ Name: 'service', Value: 'ingest' }],
        Statistic: 'Sum', Period: 3600, Threshold: perHour, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('every stage metric an alarm or the dashboard reads is one its handler emits', () => {
    const emitted = (stage: string) => [...readFileSync(join(PROJECT_ROOT, 'functions', stage, 'handler.ts'), 'utf8').matchAll(/addMetric\('(\w+)'/g)].map((m) => m[1]);
    const body = JSON.stringify(dev.template.toJSON());
    for (const [stage, name] of [['ingest', 'FilesIngested'], ['ingest', 'FilesRejected'], ['render', 'ReportsRendered'], ['render', 'RenderFailures'], ['deliver', 'EmailsSent']] as const) {
      expect(emitted(stage), `${stage} emits ${name}`).toContain(name);
      expect(body).toContain(name);
    }
  });

  it('SES reputation: account-level bounce rate above 5 % and complaint rate above 0.1 %', () => {
    expect(alarmNamed(dev, 'effekt-dev-ses-bounce-rate')).toMatchObject({
      Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarmNamed(dev, 'effekt-dev-ses-complaint-rate')).toMatchObject({
      Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001, ComparisonOperator: 'GreaterThanThreshold',
    });
    for (const name of ['bounce', 'complaint']) expect(alarmNamed(dev, `effekt-dev-ses-${name}-rate`).Dimensions).toBeUndefined();
  });

  it('the age of the oldest message in each stage queue, beyond two full attempts (plus the compute delay)', () => {
    const queues = resources(dev.template, 'AWS::SQS::Queue');
    for (const [stage, q] of Object.entries(dev.stack.queues)) {
      const id = logicalIdOf(dev.stack, q.queue);
      const props = queues[id]!.Properties!;
      const alarm = alarmNamed(dev, `effekt-dev-${stage}-oldest-message-age`);
      expect(alarm).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage', Namespace: 'AWS/SQS', Statistic: 'Maximum',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
        Threshold: 2 * (props.VisibilityTimeout as number) + ((props.DelaySeconds as number | undefined) ?? 0),
      });
    }
  });

  it('every alarm links a runbook entry that docs/operations.md has', () => {
    const operations = readFileSync(join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');
    // GitHub's heading anchors: lowercase, spaces to hyphens, punctuation dropped.
    const anchors = new Set([...operations.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
    for (const alarm of alarmsOf(dev)) {
      const anchor = alarm.AlarmDescription.match(/docs\/operations\.md#([\w-]+)/)?.[1];
      expect(anchor, alarm.AlarmName).toBeDefined();
      expect(anchors.has(anchor!), `${alarm.AlarmName} → #${anchor}`).toBe(true);
    }
  });
});

describe('dashboard', () => {
  it('one dashboard with the pipeline per stage: files in, rejected, rendered, sent, queue ages, errors, alarms', () => {
    const dashboards = Object.values(resources(dev.template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties!.DashboardName).toBe('effekt-dev-pipeline');
    const body = JSON.stringify(dashboards[0]!.Properties!.DashboardBody);
    for (const metric of ['FilesIngested', 'FilesRejected', 'ReportsRendered', 'RenderFailures', 'EmailsSent', 'ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible', 'Errors', '5xx', 'Latency', 'Reputation.BounceRate']) {
      expect(body, metric).toContain(`\\"${metric}\\"`);
    }
    for (const stage of STAGES) expect(body, stage).toContain(logicalIdOf(dev.stack, dev.stack.functions[stage].fn));
    for (const q of Object.values(dev.stack.queues)) expect(body).toContain(logicalIdOf(dev.stack, q.queue));
    expect(body).toContain('\\"type\\":\\"alarm\\"');
  });
});

describe('portable bundling', () => {
  it('the after-bundling hooks are one `node` command per stage: no shell built-ins, no shell quoting', () => {
    for (const stage of STAGES) {
      const bundling = stageBundling(stage, PROJECT_ROOT);
      for (const command of bundlingCommands(bundling, PROJECT_ROOT, '/tmp/out', 'banner', `functions/${stage}/handler.ts`)) {
        // Only the script path is quoted (double quotes read the same in bash and cmd); the plan is base64url.
        const match = command.match(/^node "([^"]+after-bundling\.mjs)" ([A-Za-z0-9_-]+)$/);
        expect(match, command).not.toBeNull();
        const plan = JSON.parse(Buffer.from(match![2]!, 'base64url').toString('utf8')) as { outputDir: string; lazyModules: unknown[]; workers: unknown[]; assets: unknown[]; split?: { entry: string } };
        expect(plan.outputDir).toBe('/tmp/out');
        // Render and the API are split; the rebuild starts from the same entry CDK bundled.
        expect(plan.split).toEqual(stage === 'render' || stage === 'api' ? { entry: join(PROJECT_ROOT, `functions/${stage}/handler.ts`) } : undefined);
        expect(plan.lazyModules).toHaveLength(bundling.lazyModules.length);
        expect(plan.workers).toHaveLength(Object.keys(bundling.workers).length);
        expect(plan.assets).toEqual(bundling.assets);
      }
    }
    // Every stage now ships lazy modules (the credential links); a bundling with nothing after esbuild runs nothing.
    expect(bundlingCommands({ alias: {}, lazyModules: [], workers: {}, assets: [], codeSplitting: false }, PROJECT_ROOT, '/tmp/out', 'banner', 'entry.ts')).toEqual([]);
  });
});

// The console in AWS (issue 20), on these same two synths.
consoleStackSuite(() => ({ dev, prod }));
