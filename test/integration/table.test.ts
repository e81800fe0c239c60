import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { queryAll } from '../../functions/aws/dynamo.ts';
import { brotliCompressSync } from 'node:zlib';
import { packRows } from '../../functions/core/rows/chunks.ts';
import { defaultClientSettings, JOB_STALE_MS, StoredRecordInvalid, type Job } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { chunkJson, reactionsIn } from '../helpers/stored-rows.ts';

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
    expect(await pipeline.store.jobs.startJob(job('a', start))).toMatchObject({ created: true, job: { id: 'a' } });
    expect(await pipeline.store.jobs.startJob(job('b', new Date(start.getTime() + 60_000)))).toMatchObject({ created: false, job: { id: 'a' } });

    const later = new Date(start.getTime() + JOB_STALE_MS + 1);
    expect(await pipeline.store.jobs.startJob(job('c', later))).toMatchObject({ created: true, job: { id: 'c' } });
    // The stale job's late updates no longer touch the current one.
    await pipeline.store.jobs.updateJob('jobs', 2025, 'a', { status: 'failed', updatedAt: later.toISOString() });
    expect((await pipeline.store.jobs.getJob('jobs', 2025))?.id).toBe('c');
  });
});

describe('settings', () => {
  it('a consultant write and a recorded bounce at the same time both land (optimistic revision, retried)', async () => {
    await pipeline.setSettings({ ...defaultClientSettings('both'), recipients: ['a@both.example'] });
    await Promise.all([
      pipeline.store.settings.updateSettings('both', { kind: 'mark-undeliverable', addresses: ['bounced@both.example'] }),
      pipeline.store.settings.updateSettings('both', { kind: 'consultant', input: { clientId: 'both', displayName: 'Båda ändringarna', recipients: ['a@both.example'] } }),
    ]);
    const settings = await pipeline.store.settings.getSettings('both');
    expect(settings).toMatchObject({ displayName: 'Båda ändringarna', undeliverable: ['bounced@both.example'] });
  });

  it('keep the undeliverable addresses unless the consultant names them', async () => {
    await pipeline.setSettings({ clientId: 'kvar', displayName: 'Kvar', recipients: ['chef@kvar.example'] });
    await pipeline.store.settings.updateSettings('kvar', { kind: 'mark-undeliverable', addresses: ['Chef@kvar.example'] });
    await pipeline.setSettings({ clientId: 'kvar', displayName: 'Kvar igen', recipients: ['chef@kvar.example'] });
    expect(await pipeline.store.settings.getSettings('kvar')).toMatchObject({ displayName: 'Kvar igen', undeliverable: ['chef@kvar.example'] });
    await pipeline.setSettings({ clientId: 'kvar', displayName: 'Kvar igen', recipients: ['chef@kvar.example'], undeliverable: [] });
    expect((await pipeline.store.settings.getSettings('kvar'))?.undeliverable).toEqual([]);
  });

  it('a bounce for a client without settings changes nothing', async () => {
    expect(await pipeline.store.settings.updateSettings('ingen', { kind: 'mark-undeliverable', addresses: ['x@ingen.example'] })).toBeUndefined();
    expect(await pipeline.store.settings.getSettings('ingen')).toBeUndefined();
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
    await pipeline.store.rows.putRowChunks('chunks', 2025, 'f1', 'i1', chunks);

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

    const snapshot = await pipeline.store.rows.readClientYear('chunks', 2025);
    expect(snapshot.chunks.map(chunkJson)).toEqual(chunks.map((c) => c.json));
    expect(reactionsIn(snapshot.chunks)).toEqual(rows);
  });
});

describe('stored records', () => {
  const put = (item: Record<string, { S: string } | { B: Uint8Array }>) =>
    pipeline.runtime.aws.dynamodb.send(new PutItemCommand({ TableName: pipeline.runtime.names.table, Item: item }));

  it('a row chunk in an older format (plain text rows, no leader column) is refused with its key', async () => {
    await put({ pk: { S: 'CY#gammal#2025' }, sk: { S: 'ROWS#f1#i1#00000' }, dataset: { S: 'reaction' }, rows: { S: '[["p1","p","2025-05-14",9,8,10]]' } });
    const error = await pipeline.store.rows.readClientYear('gammal', 2025).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredRecordInvalid);
    expect((error as StoredRecordInvalid).key).toEqual({ pk: 'CY#gammal#2025', sk: 'ROWS#f1#i1#00000' });
    expect((error as Error).message).toMatch(/pk=CY#gammal#2025 sk=ROWS#f1#i1#00000 .*rowsBr/);

    const withoutLeader = { respondent: ['L1'], program: ['p'], instrument: ['lmx-7'], wave: ['post'], date: ['2025-06-02'], rater: ['self'], dimension: ['tillit'], score: [4] };
    await put({ pk: { S: 'CY#utanledare#2025' }, sk: { S: 'ROWS#f1#i1#00000' }, dataset: { S: 'assessment' }, rowsBr: { B: brotliCompressSync(JSON.stringify(withoutLeader)) } });
    const [chunk] = (await pipeline.store.rows.readClientYear('utanledare', 2025)).chunks;
    expect(() => chunk!.columns()).toThrow(/stored row chunk at pk=CY#utanledare#2025 sk=ROWS#f1#i1#00000 does not match its schema: leader/);
  });

  it('a file record that does not match its schema is refused with its key and the field', async () => {
    await put({ pk: { S: 'CY#trasig#2025' }, sk: { S: 'FILE#a.csv' }, sequencer: { S: '1' }, record: { S: 'not a record' } });
    await expect(pipeline.store.files.getFile('trasig', 2025, 'a.csv')).rejects.toThrow(/stored file record at pk=CY#trasig#2025 sk=FILE#a\.csv does not match its schema/);
    await expect(pipeline.store.files.listFiles('trasig', 2025)).rejects.toBeInstanceOf(StoredRecordInvalid);
  });
});
