import * as z from 'zod';
import type { Job } from '../../aws/table.ts';
import type { ComputeRequest } from '../../core/model/index.ts';
import { notFound } from '../errors.ts';
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
      const { job, created } = await deps.table.startJob(candidate);
      if (created) {
        const message: ComputeRequest = { clientId, year, jobId: job.id, deliver, force: true };
        try {
          await deps.computeQueue.send(message);
        } catch (error) {
          // Without its message the job would block regeneration for this client-year forever.
          await deps.table.updateJob(clientId, year, job.id, { status: 'failed', error: 'could not be queued', updatedAt: deps.now().toISOString() });
          throw error;
        }
      }
      await deps.table.appendAudit(
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
      const [job, versions] = await Promise.all([deps.table.getJob(clientId, year), deps.table.listReportVersions(clientId, year)]);
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
      const report = await deps.table.getReportVersion(clientId, year, version);
      if (!report || report.status !== 'ready') throw notFound(`Version ${version} of the ${year} report does not exist or is not ready.`);
      const url = await deps.blobs.presignGet(
        deps.settings.reportsBucket,
        report.s3Key,
        deps.settings.downloadUrlSeconds,
        `${clientId}-${year}-v${version}.pdf`,
      );
      await deps.table.appendAudit(
        { clientId, at: deps.now().toISOString(), action: 'download', actor: principal.sub, detail: { year, version } },
        deps.newId(),
      );
      return { status: 302, headers: { location: url } };
    },
  },
];
