import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Hands work to the next stage. */
export class StageQueue {
  constructor(
    private readonly sqs: SQSClient,
    readonly url: string,
  ) {}

  async send(message: object, delaySeconds = 0): Promise<void> {
    if (!this.url) throw new Error('queue url is not configured');
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }),
    );
  }
}
