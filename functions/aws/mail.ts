import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';

/**
 * SES v2's SendEmail: all-clients.ts sesSend(client), or clients.ts lazySesSend(env) for a stage that seldom
 * mails, which loads the SDK's SES module only when it sends. This module imports no SES code itself.
 */
export type SendEmail = (input: SendEmailCommandInput) => Promise<{ MessageId?: string }>;

/** Sends a raw MIME message (built by the caller) through SES v2. */
export class Mailer {
  constructor(
    private readonly sendEmail: SendEmail,
    private readonly configurationSet?: string,
  ) {}

  /**
   * `clientId` is sent as an SES message tag: bounce and complaint events carry it back, so the
   * feedback handler marks the address undeliverable for exactly that client.
   */
  async sendRaw(mime: Uint8Array, from: string, to: string[], clientId: string): Promise<string | undefined> {
    const result = await this.sendEmail({
      FromEmailAddress: from,
      Destination: { ToAddresses: to },
      Content: { Raw: { Data: mime } },
      ConfigurationSetName: this.configurationSet,
      EmailTags: [{ Name: 'clientId', Value: clientId }],
    });
    return result.MessageId;
  }
}
