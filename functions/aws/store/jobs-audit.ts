import * as z from 'zod';
import { auditEventSchema, deadLetterReasonSchema, GSI1, JOB_STALE_MS, jobSchema, keys, lazy, parseStored, type AuditEvent, type DeadLetterReason, type Job } from '../../core/model/index.ts';
import type { AuditLog, DeadLetterStore, JobStore } from '../../core/ports.ts';
import { isConditionalCheckFailed } from '../dynamo.ts';
import { keyOf, type TableClient } from './table-client.ts';

/** The job item: the job, whether it still runs, and when it last moved (for the staleness condition). */
const jobItemSchema = lazy(() => z.object({ job: jobSchema }));

export class DynamoJobStore implements JobStore {
  constructor(private readonly table: TableClient) {}

  async getJob(clientId: string, year: number): Promise<Job | undefined> {
    const key = keys.job(clientId, year);
    const item = await this.table.get(key);
    return item ? parseStored(jobItemSchema, item, key, 'job').job : undefined;
  }

  /**
   * Starts a job unless one is running for the client-year; returns the running or the new job.
   * A job that has not moved for JOB_STALE_MS (its message dead-lettered, say) no longer blocks.
   */
  async startJob(job: Job): Promise<{ job: Job; created: boolean }> {
    const now = Date.parse(job.updatedAt);
    try {
      await this.table.put(
        { ...keys.job(job.clientId, job.year), job: jobSchema.parse(job), active: 1, updatedAtMs: now },
        { expression: 'attribute_not_exists(pk) OR #active = :zero OR updatedAtMs < :stale', values: { ':zero': 0, ':stale': now - JOB_STALE_MS }, names: { '#active': 'active' } },
      );
      return { job, created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const running = await this.getJob(job.clientId, job.year);
      if (!running) throw error;
      return { job: running, created: false };
    }
  }

  /** Moves the job on, unless another job has replaced it meanwhile. */
  async updateJob(clientId: string, year: number, jobId: string, patch: Partial<Job>): Promise<void> {
    const current = await this.getJob(clientId, year);
    if (!current || current.id !== jobId) return;
    const job = jobSchema.parse({ ...current, ...patch });
    const finished = job.status === 'done' || job.status === 'failed';
    await this.table.conditional(() =>
      this.table.put(
        { ...keys.job(clientId, year), job, active: finished ? 0 : 1, updatedAtMs: Date.parse(job.updatedAt) },
        { expression: '#job.#id = :id', values: { ':id': jobId }, names: { '#job': 'job', '#id': 'id' } },
      ),
    );
  }
}

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: TableClient) {}

  async appendAudit(event: AuditEvent, id: string): Promise<void> {
    const key = keys.audit(event.clientId, event.at, id);
    await this.table.put({ ...key, gsi1pk: GSI1.audit, gsi1sk: key.sk, event: auditEventSchema.parse(event) });
  }

  /** One client's trail, or every client's (gsi1, in time order). */
  async listAudit(clientId?: string): Promise<AuditEvent[]> {
    const items = clientId ? await this.table.query(keys.auditPk(clientId)) : await this.table.queryIndex(GSI1.audit);
    return items.map((item) => parseStored(auditEventSchema, item.event, keyOf(item), 'audit event'));
  }
}

export class DynamoDeadLetterStore implements DeadLetterStore {
  constructor(private readonly table: TableClient) {}

  async putDeadLetterReason(reason: DeadLetterReason): Promise<void> {
    await this.table.put({ ...keys.deadLetter(reason.queue, reason.messageId), deadLetter: deadLetterReasonSchema.parse(reason) });
  }

  async getDeadLetterReason(queue: string, messageId: string): Promise<DeadLetterReason | undefined> {
    const key = keys.deadLetter(queue, messageId);
    const item = await this.table.get(key);
    return item ? parseStored(deadLetterReasonSchema, item.deadLetter, key, 'dead-letter reason') : undefined;
  }

  async listDeadLetterReasons(queue: string): Promise<DeadLetterReason[]> {
    const items = await this.table.query(keys.deadLetterPk(queue));
    return items.map((item) => parseStored(deadLetterReasonSchema, item.deadLetter, keyOf(item), 'dead-letter reason'));
  }

  async deleteDeadLetterReason(queue: string, messageId: string): Promise<void> {
    await this.table.delete(keys.deadLetter(queue, messageId));
  }
}
