import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '../../functions/aws/queue-policy.ts';

export { MAX_RECEIVE_COUNT } from '../../functions/aws/queue-policy.ts';

export interface StageQueueProps {
  /** Physical queue name; the DLQ gets `-dlq`. */
  queueName: string;
  /** Must be at least 6× the consuming function's timeout (AWS guidance for Lambda event sources). */
  visibilityTimeout: Duration;
  /** Queue-level delivery delay (burst coalescing before compute). */
  deliveryDelay?: Duration;
  alarmAction: cloudwatch.IAlarmAction;
  /** Alarm when the oldest waiting message is older than this: the stage is stuck or far behind. */
  maxMessageAge: Duration;
}

/**
 * A stage's input queue with its dead-letter queue, an alarm that fires as soon as anything lands in
 * the DLQ and one when the oldest waiting message gets too old. Both queues are SSE-SQS encrypted (S3 and EventBridge can deliver to them without KMS grants)
 * and refuse non-TLS requests.
 */
export class StageQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StageQueueProps) {
    super(scope, id);
    this.dlq = new sqs.Queue(this, 'Dlq', {
      queueName: `${props.queueName}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum, so operators have two weeks to inspect and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      deliveryDelay: props.deliveryDelay,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.dlqAlarm = new cloudwatch.Alarm(this, 'DlqNotEmpty', {
      alarmName: `${props.queueName}-dlq-not-empty`,
      alarmDescription: `Messages in ${props.queueName}-dlq: a ${id} message failed ${MAX_RECEIVE_COUNT} times. Runbook: docs/operations.md#dlq-not-empty`,
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.dlqAlarm.addAlarmAction(props.alarmAction);
    this.dlqAlarm.addOkAction(props.alarmAction);
    this.ageAlarm = new cloudwatch.Alarm(this, 'OldestMessageAge', {
      alarmName: `${props.queueName}-oldest-message-age`,
      alarmDescription: `A message has waited in ${props.queueName} for more than ${props.maxMessageAge.toSeconds()} s: the stage is stuck, failing and retrying, or far behind. Runbook: docs/operations.md#oldest-message-age`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: props.maxMessageAge.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.ageAlarm.addAlarmAction(props.alarmAction);
    this.ageAlarm.addOkAction(props.alarmAction);
  }
}
