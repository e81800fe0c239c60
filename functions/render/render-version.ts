import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs } from '../aws/blobs.ts';
import type { Mailer } from '../aws/mail.ts';
import type { QueueSender } from '../aws/queue.ts';
import { buildMime } from '../core/email/mime.ts';
import { renderFailureEmail } from '../core/email/notices.ts';
import { defaultClientSettings, type DeliverRequest, type RenderRequest, type ReportVersion } from '../core/model/index.ts';
import type { Stores } from '../core/ports.ts';
import type * as Report from '../core/report/index.ts';
import type { renderReport } from '../core/report/index.ts';
import { sha256Hex } from '../core/rows/fingerprint.ts';

/** What render uses of the report renderer's module. */
export type ReportModule = typeof Report;

export interface RenderDeps {
  store: Pick<Stores, 'metrics' | 'state' | 'settings' | 'reports' | 'jobs' | 'audit'>;
  blobs: Blobs;
  deliverQueue: QueueSender;
  mailer: Mailer;
  settings: { reportsBucket: string; senderEmail: string };
  logger: Logger;
  now: () => Date;
  /**
   * The report renderer, loaded on the first render rather than with the handler (realDeps: a dynamic
   * import, whose module's top-level code runs only then); tests inject their own.
   */
  loadReport: () => Promise<ReportModule>;
  /** Injected so tests can make a section fail. */
  render?: typeof renderReport;
}

export type RenderOutcome =
  | { status: 'superseded' | 'no-metrics' }
  | { status: 'unchanged' | 'rendered'; version: number }
  | { status: 'failed'; version: number; reason: string };

export const reportKey = (clientId: string, year: number, version: number) => `${clientId}/${year}/${version}.pdf`;

/**
 * Renders the stored metrics into a new report version. A version becomes `ready` only after its
 * PDF is stored; a failed render leaves the previous version current and sends nothing.
 */
export async function renderVersion(deps: RenderDeps, request: RenderRequest): Promise<RenderOutcome> {
  const { clientId, year } = request;
  const { store } = deps;
  const [metrics, state, storedSettings] = await Promise.all([
    store.metrics.getMetrics(clientId, year),
    store.state.getState(clientId, year),
    store.settings.getSettings(clientId),
  ]);
  if (!metrics) return { status: 'no-metrics' };
  // Newer metrics exist: their own render request follows.
  if (metrics.inputsHash !== request.inputsHash) return { status: 'superseded' };
  if (!request.force && state.renderedInputsHash === request.inputsHash && state.renderedVersion !== undefined) {
    // Already rendered (a duplicate message or a retry after a crash): make sure delivery was asked for.
    await handOver(deps, request, state.renderedVersion);
    return { status: 'unchanged', version: state.renderedVersion };
  }
  const settings = storedSettings ?? defaultClientSettings(clientId);
  if (request.jobId) await store.jobs.updateJob(clientId, year, request.jobId, { status: 'rendering', updatedAt: deps.now().toISOString() });

  const claim = await claimVersion(deps, request);
  if ('rendered' in claim) {
    // A concurrent attempt (a duplicate message, or a retry after a timeout) rendered these inputs
    // while this one was starting: hand that version over instead of rendering a second one.
    await handOver(deps, request, claim.rendered);
    return { status: 'unchanged', version: claim.rendered };
  }
  const report = await deps.loadReport();
  let pdf: Uint8Array;
  try {
    pdf = await (deps.render ?? report.renderReport)({ metrics, settings, version: claim.version });
  } catch (error) {
    const reason = error instanceof report.ReportRenderError ? error.message : `unexpected error: ${(error as Error).message}`;
    if (!(await store.reports.finishReportVersion({ ...claim, status: 'failed', failure: reason }))) {
      // A concurrent attempt at the same version rendered it: that outcome stands.
      await handOver(deps, request, claim.version);
      return { status: 'unchanged', version: claim.version };
    }
    if (request.jobId) await store.jobs.updateJob(clientId, year, request.jobId, { status: 'failed', error: reason, updatedAt: deps.now().toISOString() });
    await tellConsultant(deps, settings, year, reason);
    deps.logger.error('render failed; nothing was sent and the previous version stays current', { version: claim.version, reason });
    return { status: 'failed', version: claim.version, reason };
  }

  await deps.blobs.put(deps.settings.reportsBucket, claim.s3Key, pdf, 'application/pdf', {
    'inputs-hash': request.inputsHash,
    version: String(claim.version),
  });
  const ready: ReportVersion = {
    ...claim,
    status: 'ready',
    bytes: pdf.byteLength,
    sha256: sha256Hex(pdf),
    inputs: metrics.sources.map((s) => ({ file: s.file, sha256: s.sha256, rows: s.rows })),
  };
  if (!(await store.reports.finishReportVersion(ready))) {
    // A concurrent attempt at the same version stored it first (and delivery may have claimed it since):
    // overwriting the record would drop that claim and send the report twice. Hand the version over instead.
    await handOver(deps, request, claim.version);
    return { status: 'unchanged', version: claim.version };
  }
  // Once the version is ready these three are independent, so they go at once. A retry after any of them
  // failed finds the version ready and hands it over again (delivery sends each version once), exactly as
  // after a crash between them when they went one after the other.
  await Promise.all([
    store.state.markRendered(clientId, year, request.inputsHash, claim.version),
    store.audit.appendAudit(
      { clientId, at: deps.now().toISOString(), action: 'report', actor: 'pipeline', detail: { year, version: claim.version, bytes: pdf.byteLength } },
      randomUUID(),
    ),
    handOver(deps, request, claim.version),
  ]);
  deps.logger.info('report rendered', { version: claim.version, bytes: pdf.byteLength });
  return { status: 'rendered', version: claim.version };
}

/**
 * Takes the next version number with a conditional write. A version already claimed for the same
 * inputs (a crash between claim and store) is taken over instead of leaving a gap. When the newest
 * version already has these inputs and is ready (or, for a forced regeneration, this job's version
 * is), a concurrent attempt finished first: `{ rendered }` names that version.
 */
async function claimVersion(deps: RenderDeps, request: RenderRequest): Promise<ReportVersion | { rendered: number }> {
  const { clientId, year } = request;
  for (let attempt = 0; attempt < 10; attempt++) {
    const versions = await deps.store.reports.listReportVersions(clientId, year);
    const latest = versions.reduce<ReportVersion | undefined>((a, v) => (a && a.version > v.version ? a : v), undefined);
    const sameJob = request.force && request.jobId ? versions.find((v) => v.jobId === request.jobId && v.inputsHash === request.inputsHash) : undefined;
    const done = sameJob ?? (!request.force && latest?.inputsHash === request.inputsHash ? latest : undefined);
    if (done?.status === 'ready') return { rendered: done.version };
    if (sameJob?.status === 'rendering') return sameJob;
    const unfinished = versions.find((v) => v.status === 'rendering' && v.inputsHash === request.inputsHash);
    if (unfinished && !request.force) return unfinished;
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const claim: ReportVersion = {
      clientId,
      year,
      version,
      status: 'rendering',
      inputsHash: request.inputsHash,
      createdAt: deps.now().toISOString(),
      s3Key: reportKey(clientId, year, version),
      jobId: request.jobId,
      deliver: request.deliver,
    };
    if (await deps.store.reports.claimReportVersion(claim)) return claim;
  }
  throw new Error(`could not claim a report version for ${clientId} ${year} after 10 attempts`);
}

async function handOver(deps: RenderDeps, request: RenderRequest, version: number): Promise<void> {
  const { clientId, year, jobId } = request;
  if (request.deliver) {
    const next: DeliverRequest = { clientId, year, version, jobId };
    if (jobId) await deps.store.jobs.updateJob(clientId, year, jobId, { status: 'delivering', version, updatedAt: deps.now().toISOString() });
    await deps.deliverQueue.send(next);
  } else if (jobId) {
    await deps.store.jobs.updateJob(clientId, year, jobId, { status: 'done', version, updatedAt: deps.now().toISOString() });
  }
}

async function tellConsultant(
  deps: RenderDeps,
  settings: { clientId: string; consultantLocale: 'sv' | 'en'; displayName: string; consultantContact?: string },
  year: number,
  reason: string,
): Promise<void> {
  if (!settings.consultantContact) return;
  const text = renderFailureEmail({ locale: settings.consultantLocale, clientName: settings.displayName, year, reason });
  const mime = await buildMime({
    from: { name: 'Effekt', address: deps.settings.senderEmail },
    to: [settings.consultantContact],
    subject: text.subject,
    text: text.text,
  });
  await deps.mailer.sendRaw(mime, deps.settings.senderEmail, [settings.consultantContact], settings.clientId);
}
