import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser, type AddressObject } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { Mailer } from '../../functions/aws/mail.ts';
import { sesSend } from '../../functions/aws/all-clients.ts';
import { dynamoStores } from '../../functions/aws/store/index.ts';
import { recordFeedback, sesFeedbackEventSchema, type FeedbackDeps } from '../../functions/feedback/record-feedback.ts';
import { defaultClientSettings } from '../../functions/core/model/index.ts';
import { EMAIL_MESSAGES } from '../../functions/core/email/messages/index.ts';

// The feedback stage is the one handler infra owns (SES → EventBridge → SQS → here).

const db = mockClient(DynamoDBClient);
const ses = mockClient(SESv2Client);
const deps: FeedbackDeps = {
  store: dynamoStores(new DynamoDBClient({ region: 'eu-north-1' }), 'effekt-test'),
  mailer: new Mailer(sesSend(new SESv2Client({ region: 'eu-north-1' })), 'effekt-test'),
  settings: { senderEmail: 'rapporter@example.se' },
  logger: new Logger({ serviceName: 'feedback-test', logLevel: 'SILENT' }),
  now: () => new Date('2026-03-01T10:00:00Z'),
};

const settings = {
  ...defaultClientSettings('sodertalje'),
  recipients: ['hr@sodertalje.example', 'Chef@Sodertalje.example'],
  consultantContact: 'anna@konsult.example',
};
const settingsItem = marshall({ pk: 'CLIENT#sodertalje', sk: 'SETTINGS', gsi1pk: 'CLIENTS', gsi1sk: 'sodertalje', settings: JSON.stringify(settings), revision: 4 });

function bounce(bounceType: string, addresses: string[], tags: Record<string, string[]> = {}) {
  return sesFeedbackEventSchema.parse({
    source: 'aws.ses',
    'detail-type': 'Email Bounced',
    detail: {
      eventType: 'Bounce',
      mail: { messageId: 'm-1', tags: { 'ses:configuration-set': ['effekt-test'], ...tags } },
      bounce: { bounceType, bouncedRecipients: addresses.map((emailAddress) => ({ emailAddress })) },
    },
  });
}

/** Writes of the settings item (audit entries are PutItems too). */
const settingsWrites = () =>
  db
    .commandCalls(PutItemCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.Item?.sk?.S === 'SETTINGS');

beforeEach(() => {
  db.reset();
  ses.reset();
  db.on(QueryCommand).resolves({ Items: [marshall({ gsi1sk: 'sodertalje' })] });
  db.on(GetItemCommand).resolves({ Item: settingsItem });
  db.on(PutItemCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'notice-1' });
});

describe('feedback', () => {
  it('a permanent bounce marks the address undeliverable (found via recipients) and mails the consultant', async () => {
    const result = await recordFeedback(deps, bounce('Permanent', ['chef@sodertalje.example']));
    expect(result.updated).toEqual(['sodertalje']);
    const [write] = settingsWrites();
    const next = JSON.parse(write!.Item!.settings!.S!) as { undeliverable: string[] };
    expect(next.undeliverable).toEqual(['chef@sodertalje.example']);
    // Optimistic concurrency: written only over the revision that was read, as the next revision.
    expect(write!.ConditionExpression).toBe('#rev = :rev');
    expect(write!.ExpressionAttributeValues![':rev']!.N).toBe('4');
    expect(write!.Item!.revision!.N).toBe('5');
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Destination?.ToAddresses).toEqual(['anna@konsult.example']);
    expect(mail.FromEmailAddress).toBe('rapporter@example.se');
    // The SES tag routes a bounce of this notice back to the same client.
    expect(mail.EmailTags).toEqual([{ Name: 'clientId', Value: 'sodertalje' }]);
    expect(mail.ConfigurationSetName).toBe('effekt-test');
    // Raw MIME as every Effekt email: Swedish subject (the client's locale), the address in the body.
    const parsed = await simpleParser(Buffer.from(mail.Content!.Raw!.Data!));
    expect(parsed.subject).toBe(EMAIL_MESSAGES.sv.undeliverable.subject(settings.displayName, ['chef@sodertalje.example']));
    expect((parsed.to as AddressObject).value.map((a) => a.address)).toEqual(['anna@konsult.example']);
    expect(parsed.text).toContain(EMAIL_MESSAGES.sv.undeliverable.why.bounce);
    expect(parsed.text).toContain('  - chef@sodertalje.example');
    // What to do in the console, in words: never an HTTP verb.
    expect(parsed.text).toContain('Inställningar → Mottagare');
    expect(parsed.text).not.toMatch(/\b(PUT|POST|GET) \//);
  });

  it('a consultant who reads English gets an English notice (consultantLocale), whatever the report language', async () => {
    const english = { ...settings, consultantLocale: 'en' as const };
    db.on(GetItemCommand).resolves({ Item: { ...settingsItem, settings: { S: JSON.stringify(english) } } });
    const complaint = sesFeedbackEventSchema.parse({
      source: 'aws.ses',
      'detail-type': 'Email Complaint Received',
      detail: { eventType: 'Complaint', mail: { messageId: 'm-2', tags: { clientId: ['sodertalje'] } }, complaint: { complainedRecipients: [{ emailAddress: 'HR@sodertalje.example' }] } },
    });
    expect((await recordFeedback(deps, complaint)).updated).toEqual(['sodertalje']);
    const parsed = await simpleParser(Buffer.from(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Raw!.Data!));
    expect(parsed.subject).toBe(`Effekt: report e-mail to ${settings.displayName} could not be delivered (hr@sodertalje.example)`);
    expect(parsed.text).toContain('was reported as spam by the recipient');
    expect(parsed.text).toContain('  - hr@sodertalje.example');
  });

  it('transient bounces change nothing', async () => {
    expect(await recordFeedback(deps, bounce('Transient', ['hr@sodertalje.example']))).toEqual({ updated: [] });
    expect(settingsWrites()).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('a redelivered event sends no second notice; a clientId tag skips the search', async () => {
    const marked = { ...settings, undeliverable: ['hr@sodertalje.example'] };
    db.on(GetItemCommand).resolves({ Item: { ...settingsItem, settings: { S: JSON.stringify(marked) } } });
    const result = await recordFeedback(deps, bounce('Permanent', ['HR@sodertalje.example'], { clientId: ['sodertalje'] }));
    expect(result.updated).toEqual([]);
    expect(db.commandCalls(QueryCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('retries when the settings changed concurrently', async () => {
    const conflict = Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' });
    db.on(PutItemCommand).rejectsOnce(conflict).resolves({});
    const result = await recordFeedback(deps, bounce('Permanent', ['hr@sodertalje.example'], { clientId: ['sodertalje'] }));
    expect(result.updated).toEqual(['sodertalje']);
    expect(settingsWrites()).toHaveLength(2);
  });
});
