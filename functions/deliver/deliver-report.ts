import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs, StoredObject } from '../aws/blobs.ts';
import type { Mailer } from '../aws/mail.ts';
import type { Stores } from '../core/ports.ts';
import { buildMime } from '../core/email/mime.ts';
import { draftEmail } from '../core/email/review.ts';
import { reportAttachmentName, reportEmail, senderName } from '../core/email/texts.ts';
import { defaultClientSettings, type ClientSettings, type DeliverRequest, type MetricsDocument, type ReportVersion } from '../core/model/index.ts';

export interface DeliverDeps {
  store: Pick<Stores, 'reports' | 'metrics' | 'settings' | 'files' | 'activity' | 'jobs' | 'audit'>;
  blobs: Blobs;
  mailer: Mailer;
  settings: { reportsBucket: string; senderEmail: string; maxAttachmentBytes: number; apiBaseUrl: string };
  logger: Logger;
  now: () => Date;
}

export type DeliverOutcome =
  | { status: 'sent'; recipients: number; attached: boolean }
  | { status: 'draft-sent'; to: string }
  | { status: 'already-sent' | 'not-ready' | 'no-recipients' | 'no-reviewer' | 'draft-superseded' };

/** A claim older than this is taken as a crashed sender, and the email is sent again. */
const DELIVERY_LEASE_MS = 5 * 60_000;

/**
 * Emails one report version, at most once per kind: to the client's recipients when the client's
 * delivery is "auto" or a consultant approved the version, otherwise as a draft to the consultant.
 */
export async function deliverReport(deps: DeliverDeps, request: DeliverRequest): Promise<DeliverOutcome> {
  const { clientId, year, version } = request;
  const { store } = deps;
  const [report, storedSettings, metrics] = await Promise.all([
    store.reports.getReportVersion(clientId, year, version),
    store.settings.getSettings(clientId),
    store.metrics.getMetrics(clientId, year),
  ]);
  // A withdrawn version (made before an erasure) is never sent, even if it was approved earlier.
  if (!report || report.status !== 'ready' || report.withdrawn || !metrics) return { status: 'not-ready' };
  const settings = storedSettings ?? defaultClientSettings(clientId);
  if (settings.delivery === 'review' && !report.approval) return sendDraft(deps, request, report, settings, metrics);
  if (report.delivery?.status === 'sent' || report.delivery?.status === 'skipped') {
    await finishJob(deps, request);
    return { status: 'already-sent' };
  }
  const undeliverable = new Set(settings.undeliverable.map((a) => a.toLowerCase()));
  // Each address once, whatever its case: a recipient listed twice gets one e-mail.
  const recipients = [...new Map(settings.recipients.filter((a) => !undeliverable.has(a.toLowerCase())).map((a) => [a.toLowerCase(), a])).values()];
  const at = deps.now().toISOString();

  if (recipients.length === 0) {
    await store.reports.completeDelivery(clientId, year, version, { status: 'skipped', at, recipients: 0 });
    await finishJob(deps, request);
    deps.logger.warn('no deliverable recipients; report stored but not emailed', { version });
    return { status: 'no-recipients' };
  }
  const pdfRead = readPdf(deps, report);
  if (!(await store.reports.claimDelivery(clientId, year, version, at, DELIVERY_LEASE_MS))) {
    const latest = await store.reports.getReportVersion(clientId, year, version);
    if (latest?.delivery?.status === 'sent') return { status: 'already-sent' };
    // Another sender holds a fresh claim: retry later rather than risk a second email.
    throw new Error(`delivery of version ${version} is in progress elsewhere`);
  }

  try {
    const pdf = await pdfRead;
    if (!pdf) throw new Error(`report object ${report.s3Key} is missing`);
    const attach = pdf.bytes.byteLength <= deps.settings.maxAttachmentBytes;
    const downloadUrl = attach ? undefined : `${deps.settings.apiBaseUrl}/v1/clients/${clientId}/reports/${year}/${version}`;
    // The metrics stored now belong to the newest inputs: an older version approved later gets no figures from them.
    const ownMetrics = metrics.inputsHash === report.inputsHash ? metrics : undefined;
    const newestVersion = report.approval ? Math.max(...(await store.reports.listReportVersions(clientId, year)).filter((v) => v.status === 'ready').map((v) => v.version)) : undefined;
    const text = reportEmail({ locale: settings.locale, clientName: settings.displayName, year, version, metrics: ownMetrics, downloadUrl, newestVersion, settings });
    const mime = await buildMime({
      // From the consultant (display name) at the verified sending address; replies reach the consultant.
      from: { name: senderName(settings), address: deps.settings.senderEmail },
      ...(settings.consultantContact ? { replyTo: settings.consultantContact } : {}),
      to: recipients,
      subject: text.subject,
      text: text.text,
      messageId: `<report.${clientId}.${year}.v${version}@${domainOf(deps.settings.senderEmail)}>`,
      attachments: attach ? [{ filename: reportAttachmentName(settings, year), content: pdf.bytes, contentType: 'application/pdf' }] : [],
    });
    const messageId = await deps.mailer.sendRaw(mime, deps.settings.senderEmail, recipients, clientId);
    await store.reports.completeDelivery(clientId, year, version, { status: 'sent', at, messageId, recipients: recipients.length });
    await store.audit.appendAudit(
      {
        clientId,
        at,
        action: 'delivery',
        actor: 'pipeline',
        detail: { year, version, recipients: recipients.length, attached: attach, ...(report.approval ? { approvedBy: report.approval.by } : {}) },
      },
      randomUUID(),
    );
    await finishJob(deps, request);
    deps.logger.info('report delivered', { version, recipients: recipients.length, attached: attach });
    return { status: 'sent', recipients: recipients.length, attached: attach };
  } catch (error) {
    // Release the claim so the retry may send; only a crash leaves it to expire.
    await store.reports.releaseDelivery(clientId, year, version).catch((releaseError: unknown) => {
      deps.logger.error('could not release the delivery claim; it expires by itself', { version, error: releaseError as Error });
    });
    // The job stays `delivering`: the message is retried, and the job counts as stale if it never succeeds.
    throw error;
  }
}

/**
 * The consultant who asked for this version: the latest of the newest uploaded file (its uploader, when
 * it came through an upload URL) and the latest consultant action through the API. Otherwise the
 * client's consultantContact.
 */
async function reviewerOf(deps: DeliverDeps, settings: ClientSettings, year: number): Promise<string | undefined> {
  const [files, action] = await Promise.all([deps.store.files.listFiles(settings.clientId, year), deps.store.activity.getConsultantAction(settings.clientId, year)]);
  const newestFile = files.reduce<(typeof files)[number] | undefined>((a, f) => (a && a.uploadedAt >= f.uploadedAt ? a : f), undefined);
  const byAction = action && (!newestFile || action.at >= newestFile.uploadedAt);
  const email = byAction ? action.email : newestFile?.uploadedBy?.email;
  return email ?? settings.consultantContact;
}

async function sendDraft(
  deps: DeliverDeps,
  request: DeliverRequest,
  report: ReportVersion,
  settings: ClientSettings,
  metrics: MetricsDocument,
): Promise<DeliverOutcome> {
  const { clientId, year, version } = request;
  const { store } = deps;
  if (report.draft && report.draft.status !== 'sending') {
    await finishJob(deps, request);
    return { status: 'already-sent' };
  }
  const at = deps.now().toISOString();
  if (metrics.inputsHash !== report.inputsHash) {
    // Newer inputs arrived while this version was made: their own draft follows; this one stays approvable.
    await store.reports.completeDraft(clientId, year, version, { status: 'skipped', at });
    await finishJob(deps, request);
    return { status: 'draft-superseded' };
  }
  const pdfRead = readPdf(deps, report);
  const reviewer = await reviewerOf(deps, settings, year);
  if (!reviewer) {
    await store.reports.completeDraft(clientId, year, version, { status: 'no-reviewer', at });
    await finishJob(deps, request);
    deps.logger.warn('a draft is ready but no consultant can be told: set consultantContact', { version });
    return { status: 'no-reviewer' };
  }
  if (!(await store.reports.claimDelivery(clientId, year, version, at, DELIVERY_LEASE_MS, 'draft'))) {
    const latest = await store.reports.getReportVersion(clientId, year, version);
    if (latest?.draft?.status === 'sent') return { status: 'already-sent' };
    throw new Error(`the draft e-mail of version ${version} is being sent elsewhere`);
  }
  try {
    const pdf = await pdfRead;
    if (!pdf) throw new Error(`report object ${report.s3Key} is missing`);
    const attach = pdf.bytes.byteLength <= deps.settings.maxAttachmentBytes;
    const undeliverable = new Set(settings.undeliverable.map((a) => a.toLowerCase()));
    const text = draftEmail({
      locale: settings.consultantLocale,
      clientId,
      clientName: settings.displayName,
      year,
      version,
      metrics,
      recipients: settings.recipients.filter((a) => !undeliverable.has(a.toLowerCase())),
      downloadUrl: attach ? undefined : `${deps.settings.apiBaseUrl}/v1/clients/${clientId}/reports/${year}/${version}`,
    });
    const mime = await buildMime({
      from: { name: 'Effekt', address: deps.settings.senderEmail },
      to: [reviewer],
      subject: text.subject,
      text: text.text,
      messageId: `<draft.${clientId}.${year}.v${version}@${domainOf(deps.settings.senderEmail)}>`,
      attachments: attach ? [{ filename: `${clientId}-${year}-v${version}-utkast.pdf`, content: pdf.bytes, contentType: 'application/pdf' }] : [],
    });
    const messageId = await deps.mailer.sendRaw(mime, deps.settings.senderEmail, [reviewer], clientId);
    await store.reports.completeDraft(clientId, year, version, { status: 'sent', at, to: reviewer, messageId });
    await store.audit.appendAudit({ clientId, at, action: 'draft', actor: 'pipeline', detail: { year, version, attached: attach } }, randomUUID());
    await finishJob(deps, request);
    deps.logger.info('draft sent for review', { version });
    return { status: 'draft-sent', to: reviewer };
  } catch (error) {
    await store.reports.releaseDelivery(clientId, year, version, 'draft').catch((releaseError: unknown) => {
      deps.logger.error('could not release the draft claim; it expires by itself', { version, error: releaseError as Error });
    });
    throw error;
  }
}

/**
 * The report's PDF, read while the sender's claim is taken (a read changes nothing, so it need not wait for
 * the claim); awaited only once the claim is held. A claim not won leaves the read unused and its failure unseen.
 */
function readPdf(deps: DeliverDeps, report: ReportVersion): Promise<StoredObject | undefined> {
  const read = deps.blobs.get(deps.settings.reportsBucket, report.s3Key);
  read.catch(() => undefined);
  return read;
}

async function finishJob(deps: DeliverDeps, request: DeliverRequest): Promise<void> {
  if (request.jobId) {
    await deps.store.jobs.updateJob(request.clientId, request.year, request.jobId, {
      status: 'done',
      version: request.version,
      updatedAt: deps.now().toISOString(),
    });
  }
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'effekt.invalid';
}
