import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Stage } from '../handler-entries.ts';
import type { StageQueue } from './stage-queue.ts';

/**
 * Counts the stages emit in embedded metric format (Powertools, dimension `service` = the stage):
 * FilesIngested / FilesRejected (ingest), ReportsRendered / RenderFailures (render), EmailsSent
 * (deliver), RecordsFailed (every SQS stage).
 */
export function stageMetric(namespace: string, stage: Stage, metricName: string, period = Duration.minutes(5)): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { service: stage }, statistic: 'Sum', period });
}

export interface PipelineDashboardProps {
  dashboardName: string;
  /** The stages' metric namespace (POWERTOOLS_METRICS_NAMESPACE). */
  namespace: string;
  functions: Record<Stage, lambda.IFunction>;
  queues: Record<string, StageQueue>;
  httpApi: apigw.IHttpApi;
  ses: { bounceRate: cloudwatch.IMetric; complaintRate: cloudwatch.IMetric };
  alarms: cloudwatch.IAlarm[];
}

/**
 * One dashboard for the pipeline's health, stage by stage in the order a file travels: files in and
 * rejected, reports rendered, e-mails sent, how long messages wait in each queue, errors per stage,
 * then the API and SES reputation, and every alarm's state on top.
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const m = (stage: Stage, name: string, label: string) => stageMetric(props.namespace, stage, name).with({ label });
    const period = Duration.minutes(5);
    const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      graph('Ingest: files in and rejected', [m('ingest', 'FilesIngested', 'files ingested'), m('ingest', 'FilesRejected', 'files rejected')]),
      graph('Render: reports rendered and failed', [m('render', 'ReportsRendered', 'reports rendered'), m('render', 'RenderFailures', 'render failures')]),
      graph('Deliver: e-mails sent', [m('deliver', 'EmailsSent', 'e-mails sent')]),
    );
    this.dashboard.addWidgets(
      graph('Queues: age of the oldest message (s)', Object.entries(props.queues).map(([stage, q]) =>
        q.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: stage }))),
      graph('Dead-letter queues: messages', Object.entries(props.queues).map(([stage, q]) =>
        q.dlq.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: stage }))),
      graph('Errors per stage (function errors)', Object.entries(props.functions).map(([stage, fn]) =>
        fn.metricErrors({ period, statistic: 'Sum', label: stage }))),
    );
    this.dashboard.addWidgets(
      graph('API: requests and 5xx', [
        props.httpApi.metricCount({ period, statistic: 'Sum', label: 'requests' }),
        props.httpApi.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
      ]),
      graph('API: latency (ms)', [
        props.httpApi.metricLatency({ period, statistic: 'p50', label: 'p50' }),
        props.httpApi.metricLatency({ period, statistic: 'p95', label: 'p95' }),
      ]),
      graph('SES reputation (account)', [props.ses.bounceRate, props.ses.complaintRate], {
        leftAnnotations: [
          { value: 0.05, label: 'bounce alarm 5 %' },
          { value: 0.001, label: 'complaint alarm 0.1 %' },
        ],
      }),
    );
  }
}
