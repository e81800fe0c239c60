import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Sends work to the next stage's queue. (Not to be confused with infra's StageQueue construct, which
 * creates a stage's queue with its dead-letter queue and alarms.)
 */
export class QueueSender {
  constructor(
    private readonly sqs: SQSClient,
    readonly url: string,
  ) {}

  async send(message: object, delaySeconds = 0): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }),
    );
  }
}
