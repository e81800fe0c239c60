import type { SQSEvent } from 'aws-lambda';

/** One SQS message as Lambda hands it to a stage: `body` as sent, received once, from `queue`. */
export function sqsEvent(body: string, id: string, queue = 'effekt-bench'): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: `bench-${id}`,
        receiptHandle: 'bench',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'bench', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
        awsRegion: 'local',
      },
    ],
  };
}

/** S3's notification of an uploaded object, as the ingest queue delivers it. */
export function s3CreatedEvent(bucket: string, key: string, sequencer: string, queue?: string): SQSEvent {
  const notification = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, sequencer } } }] };
  return sqsEvent(JSON.stringify(notification), sequencer, queue);
}
