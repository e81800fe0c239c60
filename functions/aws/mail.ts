import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

/** Sends a raw MIME message (built by the caller) through SES v2. */
export class Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async sendRaw(mime: Uint8Array, from: string, to: string[]): Promise<string | undefined> {
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: to },
        Content: { Raw: { Data: mime } },
        ConfigurationSetName: this.configurationSet,
      }),
    );
    return result.MessageId;
  }
}
