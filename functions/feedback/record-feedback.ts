import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import type { Mailer } from '../aws/mail.ts';
import { buildMime } from '../core/email/mime.ts';
import { undeliverableNotice } from '../core/email/notices.ts';
import { isClientId, type ClientSettings } from '../core/model/index.ts';
import type { Stores } from '../core/ports.ts';

type FeedbackStore = Pick<Stores, 'settings' | 'audit'>;

/**
 * SES bounce and complaint events for this environment's configuration set, delivered
 * SES → EventBridge (default bus) → SQS feedback queue → the feedback handler (infra/constructs/mail.ts).
 * A permanent bounce or a complaint puts the address on the client's `undeliverable` list and tells
 * the client's consultant; transient bounces are only logged.
 */

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
  store: FeedbackStore;
  mailer: Mailer;
  settings: { senderEmail: string };
  logger: Logger;
  now: () => Date;
}

type Reason = 'bounce' | 'complaint';

/** Addresses that must not be mailed again; empty for transient or undetermined bounces. */
export function undeliverableAddresses(event: SesFeedbackEvent): { reason: Reason; addresses: string[] } {
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
 * The clients concerned: the `clientId` message tag when the sender set one (every Effekt email does,
 * see Mailer), otherwise every client whose recipients or consultant contact include one of the
 * addresses (a Query over gsi1, ~tens of clients).
 */
async function affectedClients(store: FeedbackStore, event: SesFeedbackEvent, addresses: string[]): Promise<string[]> {
  const tagged = event.detail.mail.tags.clientId?.[0];
  if (tagged && isClientId(tagged)) return [tagged];
  const found: string[] = [];
  for (const clientId of await store.settings.listClientIds()) {
    const settings = await store.settings.getSettings(clientId);
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
async function markUndeliverable(store: FeedbackStore, clientId: string, addresses: string[]): Promise<ClientSettings | undefined> {
  const written = await store.settings.updateSettings(clientId, { kind: 'mark-undeliverable', addresses });
  return written?.after;
}

async function notifyConsultant(deps: FeedbackDeps, settings: ClientSettings, reason: Reason, addresses: string[]): Promise<boolean> {
  const contact = settings.consultantContact;
  // Never mail a contact that is itself undeliverable (that would bounce again, in a loop).
  if (!contact || settings.undeliverable.map(lower).includes(lower(contact))) return false;
  const notice = undeliverableNotice({ locale: settings.consultantLocale, clientId: settings.clientId, clientName: settings.displayName, reason, addresses });
  const sender = deps.settings.senderEmail;
  const mime = await buildMime({ from: { name: 'Effekt', address: sender }, to: [contact], subject: notice.subject, text: notice.text });
  await deps.mailer.sendRaw(mime, sender, [contact], settings.clientId);
  return true;
}

/** Handles one SES feedback event; safe to run twice for the same event (no second notice). */
export async function recordFeedback(deps: FeedbackDeps, event: SesFeedbackEvent): Promise<{ updated: string[] }> {
  const { store, logger } = deps;
  const { reason, addresses } = undeliverableAddresses(event);
  const messageId = event.detail.mail.messageId;
  if (addresses.length === 0) {
    logger.info('transient or undetermined bounce ignored', { messageId, bounceType: event.detail.bounce?.bounceType });
    return { updated: [] };
  }
  const updated: string[] = [];
  for (const clientId of await affectedClients(store, event, addresses)) {
    const settings = await markUndeliverable(store, clientId, addresses);
    if (!settings) continue;
    updated.push(clientId);
    await store.audit.appendAudit(
      { clientId, at: deps.now().toISOString(), action: 'settings-change', actor: 'ses-feedback', detail: { reason, addresses: addresses.length, sesMessageId: messageId } },
      `${messageId}-${reason}`,
    );
    const notified = await notifyConsultant(deps, settings, reason, addresses);
    // Counts and ids only: the addresses are personal data and stay out of the logs.
    logger.info('addresses marked undeliverable', { clientId, reason, count: addresses.length, notified, messageId });
  }
  if (updated.length === 0) logger.info('no client settings changed', { messageId, reason });
  return { updated };
}
