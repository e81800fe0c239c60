import type { SQSRecord } from 'aws-lambda';

/** An SQS record as Lambda hands one to a stage: `body` as sent (an object is sent as JSON), received `receiveCount` times. */
export function sqsRecord(id: string, body: object | string, receiveCount = 1, queue = 'effekt-test'): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `h-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-north-1:000000000000:${queue}`,
    awsRegion: 'eu-north-1',
  };
}
