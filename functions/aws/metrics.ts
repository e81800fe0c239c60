import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { MetricUnit };

/** CloudWatch metrics in embedded metric format (no API calls); disabled locally via POWERTOOLS_METRICS_DISABLED. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Effekt', serviceName });
}
