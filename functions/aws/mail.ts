import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

/** Sends a raw MIME message (built by the caller) through SES v2. */
export class Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  /**
   * `clientId` is sent as an SES message tag: bounce and complaint events carry it back, so the
   * feedback handler marks the address undeliverable for exactly that client.
   */
  async sendRaw(mime: Uint8Array, from: string, to: string[], clientId: string): Promise<string | undefined> {
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: to },
        Content: { Raw: { Data: mime } },
        ConfigurationSetName: this.configurationSet,
        EmailTags: [{ Name: 'clientId', Value: clientId }],
      }),
    );
    return result.MessageId;
  }
}
