import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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

/** The operators' SNS topic and the per-function Errors/Throttles alarms that publish to it. */
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
        alarmDescription: `${this.prefix}-${stage} reported ${name} in the last 5 minutes. Logs: /aws/lambda/${this.prefix}-${stage}.`,
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
}
