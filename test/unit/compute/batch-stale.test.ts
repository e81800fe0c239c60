/** A compute batch's older requests of a client-year are stale without a read of its state. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueueSender } from '../../../functions/aws/queue.ts';
import { createHandler, newestSeqs } from '../../../functions/compute/handler.ts';
import { memoryStores } from '../../helpers/memory-stores.ts';
import { overriding } from '../../helpers/overriding.ts';
import { sqsRecord } from '../../helpers/sqs-record.ts';

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as Context;

const record = (id: string, body: object | string) => sqsRecord(id, body, 1, 'effekt-test-compute');

describe('a compute batch', () => {
  it('reads the state once per client-year: the older requests of one are stale, the others run as before', async () => {
    const store = memoryStores();
    const reads: string[] = [];
    // Every request that reaches compute finds a newer change: it reads the state once and stops.
    const state = overriding(store.state, {
      getState: async (clientId: string, year: number) => {
        reads.push(`${clientId} ${year}`);
        return { ...(await store.state.getState(clientId, year)), changeSeq: 100 };
      },
    });
    const outcomes: string[] = [];
    const logger = new Logger({ serviceName: 'batch-test', logLevel: 'SILENT' });
    logger.info = ((message: string, extra: { status: string; seq?: number }) => {
      if (message === 'compute outcome') outcomes.push(`${extra.status} ${extra.seq}`);
    }) as Logger['info'];
    const handler = createHandler({
      store: { ...store, state },
      recordDeadLetter: async () => undefined,
      renderQueue: { send: async () => undefined } as unknown as QueueSender,
      logger,
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    });
    const response = await handler(
      {
        Records: [
          record('a3', { clientId: 'acme', year: 2025, seq: 3 }),
          record('a7', { clientId: 'acme', year: 2025, seq: 7 }),
          record('b2', { clientId: 'beta', year: 2025, seq: 2 }),
          record('a24', { clientId: 'acme', year: 2024, seq: 1 }),
          record('a5', { clientId: 'acme', year: 2025, seq: 5 }),
        ],
      },
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(reads.sort()).toEqual(['acme 2024', 'acme 2025', 'beta 2025']);
    expect(outcomes.sort()).toEqual(['stale 1', 'stale 2', 'stale 3', 'stale 5', 'stale 7']);
  });

  it('newestSeqs is the largest sequence of each client-year; requests without one and unreadable records add none', () => {
    const request = fc.record({ clientId: fc.constantFrom('alpha', 'beta', 'gamma-2'), year: fc.constantFrom(2024, 2025), seq: fc.option(fc.nat(50), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(fc.oneof(request, fc.constant('not json'), fc.constant('{"clientId":"alpha","seq":99}'))), (bodies) => {
        const expected = new Map<string, number>();
        for (const body of bodies) {
          if (typeof body === 'string' || body.seq === undefined) continue;
          const key = `${body.clientId}/${body.year}`;
          expected.set(key, Math.max(expected.get(key) ?? 0, body.seq));
        }
        expect(newestSeqs(bodies.map((body, i) => record(String(i), body)))).toEqual(expected);
      }),
    );
  });
});
