import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { queryAll } from '../../functions/aws/dynamo.ts';
import { JOB_STALE_MS, type Job } from '../../functions/aws/table.ts';
import { packRows, unpackReactions } from '../../functions/core/rows/chunks.ts';
import { defaultClientSettings } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

let pipeline: TestPipeline;

beforeAll(async () => {
  // Only the table is needed here: no stage polls.
  pipeline = await startTestPipeline({ stages: [] });
});

afterAll(async () => {
  await pipeline.stop();
});

const job = (id: string, at: Date): Job => ({
  id,
  clientId: 'jobs',
  year: 2025,
  status: 'queued',
  deliver: true,
  requestedBy: 'anna',
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
});

describe('jobs', () => {
  it('coalesce while one runs, and a job that stopped moving no longer blocks a new one', async () => {
    const start = new Date('2026-03-01T10:00:00Z');
    expect(await pipeline.table.startJob(job('a', start))).toMatchObject({ created: true, job: { id: 'a' } });
    expect(await pipeline.table.startJob(job('b', new Date(start.getTime() + 60_000)))).toMatchObject({ created: false, job: { id: 'a' } });

    const later = new Date(start.getTime() + JOB_STALE_MS + 1);
    expect(await pipeline.table.startJob(job('c', later))).toMatchObject({ created: true, job: { id: 'c' } });
    // The stale job's late updates no longer touch the current one.
    await pipeline.table.updateJob('jobs', 2025, 'a', { status: 'failed', updatedAt: later.toISOString() });
    expect((await pipeline.table.getJob('jobs', 2025))?.id).toBe('c');
  });
});

describe('settings', () => {
  it('two concurrent read-modify-writes both land', async () => {
    await pipeline.table.putSettings({ ...defaultClientSettings('both'), recipients: ['a@both.example'] });
    await Promise.all([
      pipeline.table.updateSettings('both', (s) => s && { ...s, undeliverable: [...s.undeliverable, 'bounced@both.example'] }),
      pipeline.table.updateSettings('both', (s) => s && { ...s, displayName: 'Båda ändringarna' }),
    ]);
    const settings = await pipeline.table.getSettings('both');
    expect(settings).toMatchObject({ displayName: 'Båda ändringarna', undeliverable: ['bounced@both.example'] });
  });
});

describe('row chunks', () => {
  it('are stored compressed and read back as the JSON rows written', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      respondent: `p${i}`,
      program: 'Ledarskap för chefer',
      date: '2025-05-14',
      satisfaction: 1 + (i % 10),
      usefulness: 9,
      recommendation: 10,
      ...(i % 7 === 0 ? { comment: 'Bra dagar, "tydliga" övningar' } : {}),
    }));
    const chunks = packRows('reaction', rows);
    await pipeline.table.putRowChunks('chunks', 2025, 'f1', 'i1', chunks);

    const stored = await queryAll(pipeline.runtime.aws.dynamodb, {
      TableName: pipeline.runtime.names.table,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': { S: 'CY#chunks#2025' }, ':s': { S: 'ROWS#f1#' } },
    });
    expect(stored).toHaveLength(chunks.length);
    const storedBytes = stored.reduce((sum, item) => sum + (item.rowsBr?.B?.byteLength ?? 0), 0);
    const jsonBytes = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.json), 0);
    expect(stored.every((item) => item.rows === undefined)).toBe(true);
    expect(storedBytes).toBeLessThan(jsonBytes / 2);

    const snapshot = await pipeline.table.readClientYear('chunks', 2025);
    expect(snapshot.chunks.map((c) => c.json)).toEqual(chunks.map((c) => c.json));
    expect(snapshot.chunks.flatMap((c) => unpackReactions(c.json))).toEqual(rows);
  });

  it('written before compression (plain JSON text, one array per row) are still read', async () => {
    const json = '[["p1","p","2025-05-14",9,8,10]]';
    await pipeline.runtime.aws.dynamodb.send(
      new PutItemCommand({
        TableName: pipeline.runtime.names.table,
        Item: { pk: { S: 'CY#legacy#2025' }, sk: { S: 'ROWS#f1#i1#00000' }, dataset: { S: 'reaction' }, rows: { S: json } },
      }),
    );
    const snapshot = await pipeline.table.readClientYear('legacy', 2025);
    expect(snapshot.chunks).toEqual([{ fileId: 'f1', ingestId: 'i1', dataset: 'reaction', json }]);
    expect(unpackReactions(json)).toEqual([{ respondent: 'p1', program: 'p', date: '2025-05-14', satisfaction: 9, usefulness: 8, recommendation: 10 }]);
  });
});
