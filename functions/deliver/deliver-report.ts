import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs } from '../aws/blobs.ts';
import type { Mailer } from '../aws/mail.ts';
import type { EffektTable } from '../aws/table.ts';
import { buildMime } from '../core/email/mime.ts';
import { reportEmail } from '../core/email/texts.ts';
import { defaultClientSettings, type DeliverRequest } from '../core/model/index.ts';

export interface DeliverDeps {
  table: EffektTable;
  blobs: Blobs;
  mailer: Mailer;
  settings: { reportsBucket: string; senderEmail: string; maxAttachmentBytes: number; apiBaseUrl: string };
  logger: Logger;
  now: () => Date;
}

export type DeliverOutcome =
  | { status: 'sent'; recipients: number; attached: boolean }
  | { status: 'already-sent' | 'not-ready' | 'no-recipients' };

/** A claim older than this is taken as a crashed sender, and the email is sent again. */
const DELIVERY_LEASE_MS = 5 * 60_000;

/** Emails one report version to the client's recipients, at most once. */
export async function deliverReport(deps: DeliverDeps, request: DeliverRequest): Promise<DeliverOutcome> {
  const { clientId, year, version } = request;
  const { table } = deps;
  const [report, storedSettings, metrics] = await Promise.all([
    table.getReportVersion(clientId, year, version),
    table.getSettings(clientId),
    table.getMetrics(clientId, year),
  ]);
  if (!report || report.status !== 'ready' || !metrics) return { status: 'not-ready' };
  if (report.delivery?.status === 'sent' || report.delivery?.status === 'skipped') {
    await finishJob(deps, request);
    return { status: 'already-sent' };
  }
  const settings = storedSettings ?? defaultClientSettings(clientId);
  const undeliverable = new Set(settings.undeliverable.map((a) => a.toLowerCase()));
  const recipients = settings.recipients.filter((a) => !undeliverable.has(a.toLowerCase()));
  const at = deps.now().toISOString();

  if (recipients.length === 0) {
    await table.completeDelivery(clientId, year, version, { status: 'skipped', at, recipients: 0 });
    await finishJob(deps, request);
    deps.logger.warn('no deliverable recipients; report stored but not emailed', { version });
    return { status: 'no-recipients' };
  }
  if (!(await table.claimDelivery(clientId, year, version, at, DELIVERY_LEASE_MS))) {
    const latest = await table.getReportVersion(clientId, year, version);
    if (latest?.delivery?.status === 'sent') return { status: 'already-sent' };
    // Another sender holds a fresh claim: retry later rather than risk a second email.
    throw new Error(`delivery of version ${version} is in progress elsewhere`);
  }

  try {
    const pdf = await deps.blobs.get(deps.settings.reportsBucket, report.s3Key);
    if (!pdf) throw new Error(`report object ${report.s3Key} is missing`);
    const attach = pdf.bytes.byteLength <= deps.settings.maxAttachmentBytes;
    const downloadUrl = attach ? undefined : `${deps.settings.apiBaseUrl}/v1/clients/${clientId}/reports/${year}/${version}`;
    const text = reportEmail({ locale: settings.locale, clientName: settings.displayName, year, version, metrics, downloadUrl });
    const fileName = `${clientId}-${year}-v${version}.pdf`;
    const mime = await buildMime({
      from: { name: 'Effekt', address: deps.settings.senderEmail },
      to: recipients,
      subject: text.subject,
      text: text.text,
      messageId: `<${clientId}.${year}.v${version}@effekt>`,
      attachments: attach ? [{ filename: fileName, content: pdf.bytes, contentType: 'application/pdf' }] : [],
    });
    const messageId = await deps.mailer.sendRaw(mime, deps.settings.senderEmail, recipients, clientId);
    await table.completeDelivery(clientId, year, version, { status: 'sent', at, messageId, recipients: recipients.length });
    await table.appendAudit(
      { clientId, at, action: 'delivery', actor: 'pipeline', detail: { year, version, recipients: recipients.length, attached: attach } },
      randomUUID(),
    );
    await finishJob(deps, request);
    deps.logger.info('report delivered', { version, recipients: recipients.length, attached: attach });
    return { status: 'sent', recipients: recipients.length, attached: attach };
  } catch (error) {
    // Release the claim so the retry may send; only a crash leaves it to expire.
    await table.releaseDelivery(clientId, year, version).catch((releaseError: unknown) => {
      deps.logger.error('could not release the delivery claim; it expires by itself', { version, error: releaseError as Error });
    });
    // The job stays `delivering`: the message is retried, and the job counts as stale if it never succeeds.
    throw error;
  }
}

async function finishJob(deps: DeliverDeps, request: DeliverRequest): Promise<void> {
  if (request.jobId) {
    await deps.table.updateJob(request.clientId, request.year, request.jobId, {
      status: 'done',
      version: request.version,
      updatedAt: deps.now().toISOString(),
    });
  }
}
