import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OperatorAlarmsProps {
  prefix: string;
  /** Subscribed to the topic when given (the address must confirm the subscription). */
  alarmEmail?: string;
  removalPolicy: RemovalPolicy;
}

/**
 * The operators' SNS topic and the alarms that publish to it: per-function Errors/Throttles, and the
 * symptoms users feel (API 5xx and latency, render failures, rejected files, SES reputation). Queue
 * alarms (DLQ not empty, oldest message) live with each queue (stage-queue.ts) and are tracked here.
 * Every alarm has a runbook entry in docs/operations.md under its name.
 */
export class OperatorAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly action: cloudwatch.IAlarmAction;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    this.prefix = props.prefix;
    // A customer key because CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
    const key = new kms.Key(this, 'TopicKey', {
      description: `${props.prefix} operator alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        // Only this account's alarms of this environment (every alarm name starts with the prefix):
        // without it, CloudWatch acting for any account could use the key (confused deputy).
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${props.prefix}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.prefix}-alarms`,
      displayName: `Effekt ${props.prefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }

  /** Any error or throttle of a stage is worth a look: volumes are low, so one is already unusual. */
  watchFunction(stage: string, fn: lambda.IFunction): void {
    const make = (name: 'Errors' | 'Throttles', metric: cloudwatch.Metric) => {
      const alarm = new cloudwatch.Alarm(this, `${stage}${name}`, {
        alarmName: `${this.prefix}-${stage}-${name.toLowerCase()}`,
        alarmDescription: `${this.prefix}-${stage} reported ${name} in the last 5 minutes. Logs: /aws/lambda/${this.prefix}-${stage}. Runbook: docs/operations.md#stage-${name.toLowerCase()}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
      this.alarms.push(alarm);
    };
    make('Errors', fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
    make('Throttles', fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }));
  }

  track(alarm: cloudwatch.Alarm): void {
    this.alarms.push(alarm);
  }

  /** An alarm that notifies the topic on ALARM and OK; missing data (no traffic) is not a problem. */
  private symptom(id: string, props: Omit<cloudwatch.AlarmProps, 'treatMissingData'>): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * What consultants feel of the API. The router turns every exception into a 500 reply, so the
   * function reports no error: these alarms read HTTP API's own metrics (every reply, including
   * API Gateway's own 5xx such as an integration timeout).
   */
  watchApi(api: apigw.IHttpApi, limits: { serverErrorPercent: number; latencyP95Ms: number }): void {
    const period = Duration.minutes(5);
    this.symptom('Api5xxRate', {
      alarmName: `${this.prefix}-api-5xx-rate`,
      alarmDescription: `More than ${limits.serverErrorPercent} % of API requests in 5 minutes ended in a 5xx reply. Runbook: docs/operations.md#api-5xx-rate`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: api.metricServerError({ period, statistic: 'Sum' }),
          requests: api.metricCount({ period, statistic: 'Sum' }),
        },
        label: 'API 5xx (% of requests)',
        period,
      }),
      threshold: limits.serverErrorPercent,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    // Three periods in a row: one cold start among a handful of requests is not a slow API.
    this.symptom('ApiLatencyP95', {
      alarmName: `${this.prefix}-api-latency-p95`,
      alarmDescription: `The API's p95 latency stayed above ${limits.latencyP95Ms} ms for 15 minutes. Runbook: docs/operations.md#api-latency-p95`,
      metric: api.metricLatency({ period, statistic: 'p95' }),
      threshold: limits.latencyP95Ms,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  /** A failed render mails the consultant and ends well for Lambda, so only the stage's own metric shows it. */
  watchRenderFailures(metric: cloudwatch.IMetric): void {
    this.symptom('RenderFailures', {
      alarmName: `${this.prefix}-render-failures`,
      alarmDescription: `A report could not be rendered (the consultant was e-mailed). Runbook: docs/operations.md#render-failures`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** One rejected file is routine (the consultant is told why); many in an hour is a broken export. */
  watchRejectedFiles(metric: cloudwatch.IMetric, perHour: number): void {
    this.symptom('FilesRejected', {
      alarmName: `${this.prefix}-files-rejected`,
      alarmDescription: `${perHour} or more uploaded files were rejected within an hour (setting rejectedFilesPerHour). Runbook: docs/operations.md#files-rejected`,
      metric,
      threshold: perHour,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /**
   * The account's SES reputation (AWS/SES Reputation.*, no dimension: SES judges the whole account).
   * SES reviews an account at 5 % bounces and pauses sending at 10 %; for complaints at 0.1 % and 0.5 %.
   * These alarms fire at the review level, while there is still time to act.
   */
  watchSesReputation(): { bounceRate: cloudwatch.Metric; complaintRate: cloudwatch.Metric } {
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    const bounceRate = reputation('Reputation.BounceRate');
    const complaintRate = reputation('Reputation.ComplaintRate');
    this.symptom('SesBounceRate', {
      alarmName: `${this.prefix}-ses-bounce-rate`,
      alarmDescription: 'The account\'s SES bounce rate is above 5 % (SES pauses sending at 10 %). Runbook: docs/operations.md#ses-bounce-rate',
      metric: bounceRate,
      threshold: 0.05,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.symptom('SesComplaintRate', {
      alarmName: `${this.prefix}-ses-complaint-rate`,
      alarmDescription: 'The account\'s SES complaint rate is above 0.1 % (SES pauses sending at 0.5 %). Runbook: docs/operations.md#ses-complaint-rate',
      metric: complaintRate,
      threshold: 0.001,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    return { bounceRate, complaintRate };
  }
}
