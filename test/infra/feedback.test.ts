import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordFeedback, sesFeedbackEventSchema, type FeedbackDeps } from '../../functions/feedback/handler.ts';
import { defaultClientSettings } from '../../functions/core/model/index.ts';

// The feedback stage is the one handler infra owns (SES → EventBridge → SQS → here).

const db = mockClient(DynamoDBClient);
const ses = mockClient(SESv2Client);
const deps: FeedbackDeps = {
  db: new DynamoDBClient({ region: 'eu-north-1' }),
  ses: new SESv2Client({ region: 'eu-north-1' }),
  tableName: 'effekt-test',
  sender: 'rapporter@example.se',
  configurationSet: 'effekt-test',
  now: () => new Date('2026-03-01T10:00:00Z'),
};

const settings = {
  ...defaultClientSettings('sodertalje'),
  recipients: ['hr@sodertalje.example', 'Chef@Sodertalje.example'],
  consultantContact: 'anna@konsult.example',
};
const settingsItem = marshall({ pk: 'CLIENT#sodertalje', sk: 'SETTINGS', gsi1pk: 'CLIENTS', gsi1sk: 'sodertalje', settings: JSON.stringify(settings) });

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
    // Optimistic concurrency: written only over the settings that were read.
    expect(write!.ConditionExpression).toBe('#s = :prev');
    expect(write!.ExpressionAttributeValues![':prev']!.S).toBe(JSON.stringify(settings));
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Destination?.ToAddresses).toEqual(['anna@konsult.example']);
    expect(mail.FromEmailAddress).toBe('rapporter@example.se');
    expect(mail.Content?.Simple?.Body?.Text?.Data).toContain('chef@sodertalje.example');
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
