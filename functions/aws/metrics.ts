import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { MetricUnit };

/** What a stage does with metrics: count, then publish once per invocation. */
export interface StageMetrics {
  addMetric(name: string, unit: Parameters<Metrics['addMetric']>[1], value: number): void;
  publishStoredMetrics(): void;
}

/** CloudWatch metrics in embedded metric format (log lines, no API calls), dimension `service` = the stage. */
export function createMetrics(serviceName: string, namespace: string): StageMetrics {
  return new Metrics({ namespace, serviceName });
}
