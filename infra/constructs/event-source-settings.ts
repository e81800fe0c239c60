/**
 * Batch sizes of the stages' SQS event source mappings, which the local runtime (cli/local/runtime.ts) copies:
 * kept apart from the stack so the CLI reads them without loading the CDK.
 */
export const EVENT_BATCH_SIZES = {
  // One file per invocation: a slow workbook must not time out its neighbours.
  ingest: 1,
  compute: 5,
  render: 1,
  deliver: 1,
  feedback: 10,
} as const;
