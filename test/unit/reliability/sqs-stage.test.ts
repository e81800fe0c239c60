import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sqsStage } from '../../../functions/aws/sqs-stage.ts';
import type { DeadLetterReason } from '../../../functions/core/model/index.ts';
import { sqsRecord } from '../../helpers/sqs-record.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const logger = new Logger({ serviceName: 'reliability-test', logLevel: 'SILENT' });
const metrics = new Metrics({ namespace: 'Test', serviceName: 'reliability-test' });
const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as Context;

const record = (id: string, body: object | string, receiveCount = 1) => sqsRecord(id, body, receiveCount, 'effekt-test-render');

const schema = z.object({ name: z.string() });

describe('sqsStage under concurrent invocations (the local runtime runs one module with concurrency 2–4)', () => {
  it('reports only the failed record of each invocation, even when invocations overlap', async () => {
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const handler = sqsStage({
      logger,
      metrics,
      schema,
      recordDeadLetter: async () => undefined,
      handle: async ({ name }) => {
        if (name === 'slow-ok') await slowGate;
        if (name === 'bad') throw new Error('boom');
      },
    });
    // Invocation A (a slow success) is in flight while invocation B (a fast failure) runs.
    const a = handler({ Records: [record('a', { name: 'slow-ok' })] }, context);
    const b = handler({ Records: [record('b', { name: 'bad' }), record('c', { name: 'ok' })] }, context);
    const bResponse = await b;
    releaseSlow();
    // Before the fix the processor was shared: A answered with B's failure list and threw
    // "All records failed processing", so its successful message came back and could be dead-lettered.
    await expect(a).resolves.toEqual({ batchItemFailures: [] });
    expect(bResponse).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
  });
});

describe('dead-letter reasons', () => {
  const recorded: DeadLetterReason[] = [];
  const handler = sqsStage({
    logger,
    metrics,
    schema,
    recordDeadLetter: async (reason) => {
      recorded.push(reason);
    },
    handle: async ({ name }) => {
      if (name === 'bad') throw new Error('report section "trend" failed: no data');
    },
  });

  it('records the reason only on the last attempt (ApproximateReceiveCount ≥ MAX_RECEIVE_COUNT)', async () => {
    recorded.length = 0;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await handler({ Records: [record('m1', { name: 'bad' }, attempt), record('ok', { name: 'fine' }, attempt)] }, context);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    }
    expect(recorded).toEqual([]);
    await handler({ Records: [record('m1', { name: 'bad' }, 5)] }, context).catch(() => undefined);
    expect(recorded).toEqual([
      {
        queue: 'effekt-test-render',
        messageId: 'm1',
        reason: 'Error: report section "trend" failed: no data',
        receiveCount: 5,
        failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        body: '{"name":"bad"}',
      },
    ]);
  });

  it('honours a lower maxReceiveCount (a stage MAX_RECEIVE_COUNT sets) and records invalid messages too', async () => {
    recorded.length = 0;
    const lowered = sqsStage({
      logger,
      metrics,
      schema,
      maxReceiveCount: 2,
      recordDeadLetter: async (reason) => {
        recorded.push(reason);
      },
      handle: async () => undefined,
    });
    await lowered({ Records: [record('j', 'not json', 2), record('v', { nope: 1 }, 1)] }, context).catch(() => undefined);
    expect(recorded.map((r) => [r.messageId, r.reason])).toEqual([['j', 'Error: message j is not JSON']]);
  });

  it('a failing recorder never hides the original error', async () => {
    const failing = sqsStage({
      logger,
      metrics,
      schema,
      recordDeadLetter: async () => {
        throw new Error('table unavailable');
      },
      handle: async ({ name }) => {
        if (name === 'a') throw new Error('original');
      },
    });
    const response = await failing({ Records: [record('x', { name: 'a' }, 5), record('y', { name: 'b' }, 1)] }, context);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['x']);
  });
});
