import * as z from 'zod';
import type { Job } from '../../core/model/index.ts';
import type { ComputeRequest, DeliverRequest } from '../../core/model/index.ts';
import { ApiError, notFound } from '../errors.ts';
import { clientYear, json, parseBody, type Route } from '../http.ts';
import { jobView, versionView } from './views.ts';

const regenerateSchema = z.object({ deliver: z.boolean().default(true) }).strict();

export const reportRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/clients/{clientId}/reports/{year}',
    async handle({ request, params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const { deliver } = parseBody(request, regenerateSchema);
      const at = deps.now().toISOString();
      const candidate: Job = { id: deps.newId(), clientId, year, status: 'queued', deliver, requestedBy: principal.sub, createdAt: at, updatedAt: at };
      // A job already running for this client-year is returned instead of starting a second one.
      const { job, created } = await deps.store.jobs.startJob(candidate);
      if (created && deliver) {
        // The draft of the version this makes goes to whoever asked for it.
        await deps.store.activity.putConsultantAction(clientId, year, { sub: principal.sub, ...(principal.email ? { email: principal.email } : {}), at, action: 'regenerate' });
      }
      if (created) {
        const message: ComputeRequest = { clientId, year, jobId: job.id, deliver, force: true };
        try {
          await deps.computeQueue.send(message);
        } catch (error) {
          // Without its message the job would block regeneration for this client-year forever.
          await deps.store.jobs.updateJob(clientId, year, job.id, { status: 'failed', error: 'could not be queued', updatedAt: deps.now().toISOString() });
          throw error;
        }
      }
      await deps.store.audit.appendAudit(
        { clientId, at, action: 'regenerate', actor: principal.sub, detail: { year, jobId: job.id, deliver, coalesced: !created } },
        deps.newId(),
      );
      return json(202, { job: jobView(job) });
    },
  },
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/reports/{year}',
    async handle({ params, deps }) {
      const { clientId, year } = clientYear(params);
      const [job, versions] = await Promise.all([deps.store.jobs.getJob(clientId, year), deps.store.reports.listReportVersions(clientId, year)]);
      return json(200, {
        job: job ? jobView(job) : null,
        versions: versions.sort((a, b) => a.version - b.version).map(versionView),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/reports/{year}/{version}',
    async handle({ params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const version = params.version!;
      const report = await deps.store.reports.getReportVersion(clientId, year, version);
      if (!report || report.status !== 'ready') throw notFound(`Version ${version} of the ${year} report does not exist or is not ready.`);
      if (report.withdrawn) throw notFound(`Version ${version} of the ${year} report was withdrawn after a person's data was erased; download a later version.`);
      const url = await deps.blobs.presignGet(
        deps.settings.reportsBucket,
        report.s3Key,
        deps.settings.downloadUrlSeconds,
        `${clientId}-${year}-v${version}.pdf`,
      );
      await deps.store.audit.appendAudit(
        { clientId, at: deps.now().toISOString(), action: 'download', actor: principal.sub, detail: { year, version } },
        deps.newId(),
      );
      return { status: 302, headers: { location: url } };
    },
  },
  {
    method: 'POST',
    path: '/v1/clients/{clientId}/reports/{year}/{version}/send',
    async handle({ params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const version = params.version!;
      const at = deps.now().toISOString();
      const outcome = await deps.store.reports.approveVersion(clientId, year, version, { by: principal.sub, at });
      if (outcome === 'not-ready') {
        const report = await deps.store.reports.getReportVersion(clientId, year, version);
        if (!report) throw notFound(`Version ${version} of the ${year} report does not exist.`);
        throw new ApiError(
          'conflict',
          report.withdrawn
            ? `Version ${version} of the ${year} report was withdrawn after a person's data was erased; approve a later version.`
            : report.status === 'failed'
            ? `Version ${version} of the ${year} report could not be made, so it cannot be sent; approve a ready version instead.`
            : `Version ${version} of the ${year} report is still being made; approve it once it is ready.`,
        );
      }
      const versions = await deps.store.reports.listReportVersions(clientId, year);
      const report = versions.find((v) => v.version === version)!;
      const newest = Math.max(...versions.filter((v) => v.status === 'ready').map((v) => v.version));
      const delivered = report.delivery?.status === 'sent' || report.delivery?.status === 'skipped';
      if (outcome === 'approved') {
        await deps.store.audit.appendAudit(
          { clientId, at, action: 'approval', actor: principal.sub, detail: { year, version, superseded: version < newest } },
          deps.newId(),
        );
      }
      // Asked again until the e-mail went out (the first request's message may have been lost); the
      // deliver stage's claim makes sure the client gets it once.
      if (!delivered) {
        const message: DeliverRequest = { clientId, year, version };
        await deps.deliverQueue.send(message);
      }
      return json(delivered ? 200 : 202, {
        version: versionView(report),
        approved: outcome === 'approved',
        ...(version < newest ? { newestVersion: newest } : {}),
      });
    },
  },
];
