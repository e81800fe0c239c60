import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sesSend } from '../../../functions/aws/all-clients.ts';
import { lazySesSend } from '../../../functions/aws/lazy-ses.ts';
import { Mailer } from '../../../functions/aws/mail.ts';

// Render and ingest send through lazySesSend (the SES module loaded on the first message), deliver and
// feedback through sesSend: the same SendEmail request either way.

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const env = { AWS_REGION: 'eu-north-1' } as Parameters<typeof lazySesSend>[0];
const mime = new TextEncoder().encode('Subject: Nöjdhet\r\n\r\nx');

async function sentBy(mailer: Mailer) {
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  const id = await mailer.sendRaw(mime, 'rapporter@effekt.example', ['konsult@example.se'], 'sodertalje');
  return { id, calls: ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input) };
}

const expected = {
  FromEmailAddress: 'rapporter@effekt.example',
  Destination: { ToAddresses: ['konsult@example.se'] },
  Content: { Raw: { Data: mime } },
  ConfigurationSetName: 'effekt-dev',
  EmailTags: [{ Name: 'clientId', Value: 'sodertalje' }],
};

describe('mail senders', () => {
  it('sesSend sends the raw message with the configuration set and the client tag', async () => {
    const { id, calls } = await sentBy(new Mailer(sesSend(new SESv2Client({ region: 'eu-north-1' })), 'effekt-dev'));
    expect(id).toBe('m-1');
    expect(calls).toEqual([expected]);
  });

  it('lazySesSend sends the same request, through a client it builds itself on the first message', async () => {
    const { id, calls } = await sentBy(new Mailer(lazySesSend(env), 'effekt-dev'));
    expect(id).toBe('m-1');
    expect(calls).toEqual([expected]);
  });

  it('lazySesSend uses the client it is given (the local runtime’s), once per message', async () => {
    const send = lazySesSend(env, new SESv2Client({ region: 'eu-north-1' }));
    const mailer = new Mailer(send, 'effekt-dev');
    await sentBy(mailer);
    await mailer.sendRaw(mime, 'rapporter@effekt.example', ['konsult@example.se'], 'sodertalje');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('lazySesSend passes an SES error on to the caller', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected: Email address is not verified'));
    await expect(new Mailer(lazySesSend(env)).sendRaw(mime, 'a@example.se', ['b@example.se'], 'c')).rejects.toThrow(/not verified/);
  });
});
