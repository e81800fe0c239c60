import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../functions/aws/dynamo.ts';
import { keys, StoredRecordInvalid, type ReactionRow } from '../../functions/core/model/index.ts';
import { packRows } from '../../functions/core/rows/chunks.ts';
import { RowKeyDigestBuilder } from '../../functions/core/rows/row-keys.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

// The row-key digests the cross-file duplicate check reads (issue 25): stored in parts beside the row
// chunks, read back checked, an incomplete one treated as absent, deleted with their chunks; and a file
// stored without one (before digests were written) still checked against its rows.

const GOOD = 'test/fixtures/files/good';
const CROSS = 'test/fixtures/cross-file';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: ['ingest'] });
});

afterAll(async () => {
  await pipeline.stop();
});

const row = (i: number): ReactionRow => ({ respondent: `r${i}`, program: 'p', date: '2025-05-14', satisfaction: 7, usefulness: 7, recommendation: 7 });

async function digestKeys(clientId: string, year: number) {
  const items = await queryAll(pipeline.runtime.aws.dynamodb, {
    TableName: pipeline.runtime.names.table,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: keys.rowKeysPk(clientId, year) } },
  });
  return items.map((i) => ({ pk: i.pk!, sk: i.sk! }));
}

describe('row-key digests in the table', () => {
  it('round-trip in parts, and one with a part missing reads as absent', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => row(i));
    const chunks = packRows('reaction', rows);
    const builder = new RowKeyDigestBuilder('reaction');
    for (const chunk of chunks) builder.add(chunk);
    const written = builder.digest();
    expect(await pipeline.store.rows.putRowChunks('delar', 2025, 'f1', 'i1', chunks, () => written)).toBe(chunks.length);
    const stored = await digestKeys('delar', 2025);
    expect(stored.length).toBeGreaterThan(1);
    const [read] = await pipeline.store.rows.readRowKeyDigests('delar', 2025);
    expect(read).toMatchObject({ fileId: 'f1', ingestId: 'i1', digest: { dataset: 'reaction', rows: 100_000 } });
    expect(Buffer.from(read!.digest.hashes.buffer, read!.digest.hashes.byteOffset, read!.digest.hashes.byteLength).equals(Buffer.from(written.hashes.buffer))).toBe(true);

    await pipeline.runtime.aws.dynamodb.send(new DeleteItemCommand({ TableName: pipeline.runtime.names.table, Key: stored[1]! }));
    expect(await pipeline.store.rows.readRowKeyDigests('delar', 2025)).toEqual([]);
  });

  it('are deleted with their ingest\'s chunks', async () => {
    const chunks = packRows('reaction', [row(1), row(2)]);
    const builder = new RowKeyDigestBuilder('reaction');
    for (const chunk of chunks) builder.add(chunk);
    await pipeline.store.rows.putRowChunks('bort', 2025, 'f1', 'i1', chunks, () => builder.digest());
    await pipeline.store.rows.putRowChunks('bort', 2025, 'f1', 'i2', chunks, () => builder.digest());
    await pipeline.store.rows.deleteIngestChunks('bort', 2025, 'f1', 'i1');
    expect((await pipeline.store.rows.readRowKeyDigests('bort', 2025)).map((d) => d.ingestId)).toEqual(['i2']);
    await pipeline.store.rows.deleteRowChunks('bort', 2025, 'f1');
    expect(await digestKeys('bort', 2025)).toEqual([]);
  });

  it('are checked when read: a part that is not whole rows names its key', async () => {
    const key = keys.rowKeys('trasig', 2025, 'f1', 'i1', 0);
    await pipeline.runtime.aws.dynamodb.send(
      new PutItemCommand({
        TableName: pipeline.runtime.names.table,
        Item: { pk: { S: key.pk }, sk: { S: key.sk }, dataset: { S: 'reaction' }, rows: { N: '1' }, parts: { N: '1' }, firstRow: { N: '0' }, digests: { B: new Uint8Array(7) } },
      }),
    );
    const error = await pipeline.store.rows.readRowKeyDigests('trasig', 2025).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredRecordInvalid);
    expect((error as Error).message).toMatch(/row-key digest at pk=ROWKEYS#trasig#2025 sk=f1#i1#000 .*digests: expected 8 bytes a row/);
  });
});

describe('a file stored without a digest (before digests were written)', () => {
  it('is still checked against its rows: the late file repeating a response is refused naming both lines', async () => {
    await pipeline.putFile('utan', 2025, `${GOOD}/reaktioner.csv`);
    await pipeline.settle();
    const stored = await digestKeys('utan', 2025);
    expect(stored).toHaveLength(1);
    await pipeline.runtime.aws.dynamodb.send(new DeleteItemCommand({ TableName: pipeline.runtime.names.table, Key: stored[0]! }));

    await pipeline.putFile('utan', 2025, `${CROSS}/sena-svar.csv`);
    await pipeline.settle();
    const [rejection] = await pipeline.store.files.listRejections('utan', 2025);
    expect(rejection).toMatchObject({ fileName: 'sena-svar.csv', totalProblems: 1, problems: [{ rule: 'duplicate-response', line: 3, column: 'respondent' }] });
    expect(rejection!.problems[0]!.message).toContain('reaktioner.csv line 6');
    // The refused file's chunks and digest are gone with it: only the first file's rows remain.
    expect((await pipeline.store.files.listFiles('utan', 2025)).map((f) => f.fileName)).toEqual(['reaktioner.csv']);
    expect(await digestKeys('utan', 2025)).toEqual([]);
  });
});
