import { keys, parseStored, reportVersionSchema, SK_PREFIX, type ReportVersion, type WithdrawalReason } from '../../core/model/index.ts';
import type { EmailKind, ReportStore } from '../../core/ports.ts';
import { isConditionalCheckFailed } from '../dynamo.ts';
import { keyOf, type TableClient } from './table-client.ts';

/** The lease attribute beside the report record, per e-mail kind. */
const LEASE: Record<EmailKind, string> = { delivery: 'deliveryLeaseUntil', draft: 'draftLeaseUntil' };

export class DynamoReportStore implements ReportStore {
  constructor(private readonly table: TableClient) {}

  async listReportVersions(clientId: string, year: number): Promise<ReportVersion[]> {
    const items = await this.table.query(keys.clientPk(clientId), SK_PREFIX.report(year));
    return items.map((item) => parseStored(reportVersionSchema, item.report, keyOf(item), 'report version'));
  }

  async getReportVersion(clientId: string, year: number, version: number): Promise<ReportVersion | undefined> {
    const key = keys.report(clientId, year, version);
    const item = await this.table.get(key);
    return item ? parseStored(reportVersionSchema, item.report, key, 'report version') : undefined;
  }

  /** Claims a version number; false when another renderer took it first. */
  async claimReportVersion(report: ReportVersion): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put({ ...keys.report(report.clientId, report.year, report.version), report: reportVersionSchema.parse(report) }, { expression: 'attribute_not_exists(pk)' }),
    );
  }

  async finishReportVersion(report: ReportVersion): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put(
        { ...keys.report(report.clientId, report.year, report.version), report: reportVersionSchema.parse(report) },
        { expression: '#r.#st = :rendering', names: { '#r': 'report', '#st': 'status' }, values: { ':rendering': 'rendering' } },
      ),
    );
  }

  /**
   * At most one sender per report version and e-mail kind (`delivery` to the client, `draft` to the
   * consultant): a second attempt finds the claim and stops.
   */
  async claimDelivery(clientId: string, year: number, version: number, at: string, leaseMs: number, kind: EmailKind = 'delivery'): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.update(keys.report(clientId, year, version), {
        UpdateExpression: 'SET #r.#d = :d, #lease = :lease',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#r.#d) OR (#r.#d.#st = :sending AND #lease < :now))',
        ExpressionAttributeNames: { '#r': 'report', '#d': kind, '#st': 'status', '#lease': LEASE[kind] },
        values: { ':d': { status: 'sending', at }, ':lease': Date.parse(at) + leaseMs, ':sending': 'sending', ':now': Date.parse(at) },
      }),
    );
  }

  /** Gives up a delivery claim after a failed send, so the retry may send at once. */
  async releaseDelivery(clientId: string, year: number, version: number, kind: EmailKind = 'delivery'): Promise<void> {
    await this.table.conditional(() =>
      this.table.update(keys.report(clientId, year, version), {
        UpdateExpression: 'REMOVE #r.#d, #lease',
        ConditionExpression: '#r.#d.#st = :sending',
        ExpressionAttributeNames: { '#r': 'report', '#d': kind, '#st': 'status', '#lease': LEASE[kind] },
        values: { ':sending': 'sending' },
      }),
    );
  }

  async completeDelivery(clientId: string, year: number, version: number, delivery: NonNullable<ReportVersion['delivery']>): Promise<void> {
    await this.table.update(keys.report(clientId, year, version), {
      UpdateExpression: 'SET #r.#d = :d',
      ExpressionAttributeNames: { '#r': 'report', '#d': 'delivery' },
      values: { ':d': reportVersionSchema.shape.delivery.parse(delivery) },
    });
  }

  async completeDraft(clientId: string, year: number, version: number, draft: NonNullable<ReportVersion['draft']>): Promise<void> {
    await this.table.update(keys.report(clientId, year, version), {
      UpdateExpression: 'SET #r.#d = :d',
      ExpressionAttributeNames: { '#r': 'report', '#d': 'draft' },
      values: { ':d': reportVersionSchema.shape.draft.parse(draft) },
    });
  }

  /**
   * Records the approval of a ready version, once: `approved` the first time, `already` when it was
   * approved before (the earlier approval stands), `not-ready` for a version that is missing, still
   * rendering or failed (a broken report is never sent).
   */
  async approveVersion(clientId: string, year: number, version: number, approval: NonNullable<ReportVersion['approval']>): Promise<'approved' | 'already' | 'not-ready'> {
    try {
      await this.table.update(keys.report(clientId, year, version), {
        UpdateExpression: 'SET #r.#a = :a',
        ConditionExpression: 'attribute_exists(pk) AND #r.#st = :ready AND attribute_not_exists(#r.#a) AND attribute_not_exists(#r.withdrawn)',
        ExpressionAttributeNames: { '#r': 'report', '#a': 'approval', '#st': 'status' },
        values: { ':a': approval, ':ready': 'ready' },
      });
      return 'approved';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.getReportVersion(clientId, year, version);
      return current?.status === 'ready' && current.approval && !current.withdrawn ? 'already' : 'not-ready';
    }
  }

  /** Marks every version of a client-year made so far as withdrawn (after an erasure, or when no data is left). */
  async withdrawVersions(clientId: string, year: number, at: string, reason: WithdrawalReason = 'erasure'): Promise<number> {
    const versions = await this.listReportVersions(clientId, year);
    let withdrawn = 0;
    for (const v of versions) {
      if (v.withdrawn) continue;
      await this.table.update(keys.report(clientId, year, v.version), {
        UpdateExpression: 'SET #r.withdrawn = :w',
        ExpressionAttributeNames: { '#r': 'report' },
        values: { ':w': { at, reason } },
      });
      withdrawn += 1;
    }
    return withdrawn;
  }
}
