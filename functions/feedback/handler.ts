import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { clients } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { EffektTable } from '../aws/table.ts';
import { isClientId, type ClientSettings } from '../core/model/index.ts';

/**
 * SES bounce and complaint events for this environment's configuration set, delivered
 * SES → EventBridge (default bus) → SQS feedback queue → here (see infra/constructs/mail.ts).
 * A permanent bounce or a complaint puts the address on the client's `undeliverable` list and tells
 * the client's consultant; transient bounces are only logged.
 */

const logger = createLogger('feedback');
const metrics = createMetrics('feedback');

const recipientSchema = z.object({ emailAddress: z.string().min(1) });

/** The EventBridge envelope around an SES event-publishing record; only the fields used here. */
export const sesFeedbackEventSchema = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.enum(['Email Bounced', 'Email Complaint Received']),
  detail: z.object({
    eventType: z.enum(['Bounce', 'Complaint']),
    mail: z.object({
      messageId: z.string(),
      tags: z.record(z.string(), z.array(z.string())).default({}),
    }),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: z.array(recipientSchema) }).optional(),
    complaint: z.object({ complainedRecipients: z.array(recipientSchema) }).optional(),
  }),
});
export type SesFeedbackEvent = z.infer<typeof sesFeedbackEventSchema>;

export interface FeedbackDeps {
  db: DynamoDBClient;
  ses: SESv2Client;
  tableName: string;
  sender: string;
  configurationSet?: string;
  now?: () => Date;
}

/** Addresses that must not be mailed again; empty for transient or undetermined bounces. */
export function undeliverableAddresses(event: SesFeedbackEvent): { reason: 'bounce' | 'complaint'; addresses: string[] } {
  const d = event.detail;
  if (d.eventType === 'Complaint') {
    return { reason: 'complaint', addresses: unique((d.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress)) };
  }
  const permanent = d.bounce?.bounceType === 'Permanent';
  return { reason: 'bounce', addresses: permanent ? unique((d.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress)) : [] };
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0))];
}

const lower = (a: string) => a.toLowerCase();

/**
 * The clients concerned: the `clientId` message tag when the sender set one, otherwise every client
 * whose recipients or consultant contact include one of the addresses (a Query over gsi1, ~tens of clients).
 */
async function affectedClients(deps: FeedbackDeps, event: SesFeedbackEvent, addresses: string[]): Promise<string[]> {
  const tagged = event.detail.mail.tags.clientId?.[0];
  if (tagged && isClientId(tagged)) return [tagged];
  const table = new EffektTable(deps.db, deps.tableName);
  const found: string[] = [];
  for (const clientId of await table.listClientIds()) {
    const settings = await table.getSettings(clientId);
    if (!settings) continue;
    const known = new Set([...settings.recipients, ...(settings.consultantContact ? [settings.consultantContact] : [])].map(lower));
    if (addresses.some((a) => known.has(a))) found.push(clientId);
  }
  return found;
}

/**
 * Adds the addresses to the client's `undeliverable` list with an optimistic-concurrency update (the
 * API may change settings at the same time). Returns the new settings when something was added,
 * undefined when the client is gone or every address was already listed (a redelivered event).
 */
async function markUndeliverable(deps: FeedbackDeps, clientId: string, addresses: string[]): Promise<ClientSettings | undefined> {
  const table = new EffektTable(deps.db, deps.tableName);
  const written = await table.updateSettings(clientId, (settings) => {
    if (!settings) return undefined;
    const listed = new Set(settings.undeliverable.map(lower));
    const added = addresses.filter((a) => !listed.has(a));
    return added.length === 0 ? undefined : { ...settings, undeliverable: [...settings.undeliverable, ...added] };
  });
  return written?.after;
}

function noticeText(settings: ClientSettings, reason: 'bounce' | 'complaint', addresses: string[]): { subject: string; body: string } {
  const list = addresses.map((a) => `  - ${a}`).join('\n');
  if (settings.locale === 'en') {
    const why = reason === 'bounce' ? 'bounced permanently' : 'was reported as spam by the recipient';
    return {
      subject: `Effekt: report e-mail to ${settings.displayName} could not be delivered`,
      body: `E-mail from Effekt to the following address(es) ${why}:\n\n${list}\n\nEffekt will not send reports to them again. Correct the recipients of ${settings.displayName} and remove the address(es) from "undeliverable" in the client settings (PUT /v1/clients/${settings.clientId}).\n`,
    };
  }
  const why = reason === 'bounce' ? 'studsade permanent' : 'markerades som skräppost av mottagaren';
  return {
    subject: `Effekt: rapportmejl till ${settings.displayName} kunde inte levereras`,
    body: `E-post från Effekt till följande adress(er) ${why}:\n\n${list}\n\nEffekt skickar inte fler rapporter dit. Rätta mottagarna för ${settings.displayName} och ta bort adressen/adresserna från "undeliverable" i kundinställningarna (PUT /v1/clients/${settings.clientId}).\n`,
  };
}

async function notifyConsultant(deps: FeedbackDeps, settings: ClientSettings, reason: 'bounce' | 'complaint', addresses: string[]) {
  const contact = settings.consultantContact;
  // Never mail a contact that is itself undeliverable (that would bounce again, in a loop).
  if (!contact || settings.undeliverable.map(lower).includes(lower(contact))) return false;
  const { subject, body } = noticeText(settings, reason, addresses);
  await deps.ses.send(
    new SendEmailCommand({
      FromEmailAddress: deps.sender,
      Destination: { ToAddresses: [contact] },
      Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: body, Charset: 'UTF-8' } } } },
      ConfigurationSetName: deps.configurationSet,
      EmailTags: [{ Name: 'clientId', Value: settings.clientId }],
    }),
  );
  return true;
}

/** Handles one SES feedback event; safe to run twice for the same event (no second notice). */
export async function recordFeedback(deps: FeedbackDeps, event: SesFeedbackEvent): Promise<{ updated: string[] }> {
  const { reason, addresses } = undeliverableAddresses(event);
  const messageId = event.detail.mail.messageId;
  if (addresses.length === 0) {
    logger.info('transient or undetermined bounce ignored', { messageId, bounceType: event.detail.bounce?.bounceType });
    return { updated: [] };
  }
  const updated: string[] = [];
  const table = new EffektTable(deps.db, deps.tableName);
  for (const clientId of await affectedClients(deps, event, addresses)) {
    const settings = await markUndeliverable(deps, clientId, addresses);
    if (!settings) continue;
    updated.push(clientId);
    const at = (deps.now?.() ?? new Date()).toISOString();
    await table.appendAudit(
      { clientId, at, action: 'settings-change', actor: 'ses-feedback', detail: { reason, addresses: addresses.length, sesMessageId: messageId } },
      `${messageId}-${reason}`,
    );
    const notified = await notifyConsultant(deps, settings, reason, addresses);
    // Counts and ids only: the addresses are personal data and stay out of the logs.
    logger.info('addresses marked undeliverable', { clientId, reason, count: addresses.length, notified, messageId });
  }
  if (updated.length === 0) logger.info('no client settings changed', { messageId, reason });
  return { updated };
}

export const handler = sqsStage({
  logger,
  metrics,
  schema: sesFeedbackEventSchema,
  handle: async (event) => {
    const cfg = config();
    const aws = clients();
    await recordFeedback(
      { db: aws.dynamodb, ses: aws.ses, tableName: cfg.TABLE_NAME, sender: cfg.SENDER_EMAIL, configurationSet: cfg.SES_CONFIGURATION_SET },
      event,
    );
  },
});
