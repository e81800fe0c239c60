import type { AuditEvent, Job, ReportVersion } from '../../core/model/index.ts';

/**
 * What the API shows of stored records: explicit field lists, so a new internal field (an S3 key,
 * a lease) never leaks into responses by accident.
 */
export type JobView = Pick<
  Job,
  'id' | 'clientId' | 'year' | 'status' | 'deliver' | 'requestedBy' | 'createdAt' | 'updatedAt' | 'version' | 'error'
>;

/**
 * Render failures the report code anticipated are sentences for consultants; anything else (an
 * unexpected exception's message) may name internals, so it is replaced.
 */
export function publicJobError(error: string): string {
  const firstLine = error.split('\n')[0]!.trim();
  if (firstLine === '' || /^unexpected error/i.test(firstLine) || /\bat .+:\d+:\d+/.test(firstLine)) {
    return 'The report could not be made because of an internal error; try again, and tell the Effekt team if it persists.';
  }
  return firstLine.length > 300 ? `${firstLine.slice(0, 297)}...` : firstLine;
}

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    clientId: job.clientId,
    year: job.year,
    status: job.status,
    deliver: job.deliver,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.version !== undefined ? { version: job.version } : {}),
    ...(job.error !== undefined ? { error: publicJobError(job.error) } : {}),
  };
}

export interface VersionView {
  version: number;
  status: ReportVersion['status'];
  createdAt: string;
  inputs: { file: string; sha256: string; rows: number }[];
  bytes?: number;
  sha256?: string;
  delivery?: { status: string; at: string; recipients?: number };
  /** Review mode: the draft e-mail to the consultant, and who approved sending to the client. */
  draft?: { status: string; at: string };
  approval?: { by: string; at: string };
  /** Made before a person's data was erased: no longer sent or downloaded. */
  withdrawn?: { at: string; reason: 'erasure' | 'no-data' };
}

export function versionView(v: ReportVersion): VersionView {
  return {
    version: v.version,
    status: v.status,
    createdAt: v.createdAt,
    inputs: (v.inputs ?? []).map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows })),
    ...(v.bytes !== undefined ? { bytes: v.bytes } : {}),
    ...(v.sha256 !== undefined ? { sha256: v.sha256 } : {}),
    ...(v.delivery
      ? { delivery: { status: v.delivery.status, at: v.delivery.at, ...(v.delivery.recipients !== undefined ? { recipients: v.delivery.recipients } : {}) } }
      : {}),
    ...(v.draft ? { draft: { status: v.draft.status, at: v.draft.at } } : {}),
    ...(v.approval ? { approval: { by: v.approval.by, at: v.approval.at } } : {}),
    ...(v.withdrawn ? { withdrawn: { at: v.withdrawn.at, reason: v.withdrawn.reason } } : {}),
  };
}

export function auditView(e: AuditEvent): AuditEvent {
  return { clientId: e.clientId, at: e.at, action: e.action, actor: e.actor, detail: { ...e.detail } };
}
