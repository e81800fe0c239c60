import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padSequencer } from '../../functions/core/rows/fingerprint.ts';
import { ingestObject } from '../../functions/ingest/ingest-object.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { configureClient, reactionCsv, reactionRows, stageDeps, YEAR } from './reliability/helpers.ts';

/**
 * Ingest reads and writes only what a file's path needs (docs/benchmarks.md, ninth pass): these tests hold
 * the requests it leaves out to what they stood for, on the emulated table, so a read that stops being made
 * cannot take a write that was needed with it.
 */

let pipeline: TestPipeline;
/** DynamoDB calls of the test's clients, by command and the partition or sort-key prefix they concern. */
const calls: string[] = [];

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: [] });
  (pipeline.runtime.aws.dynamodb.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).add(
    (next, context) => (args) => {
      const input = (args as { input: { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, { S?: string }> } }).input;
      const pk = input.ExpressionAttributeValues?.[':p']?.S?.split('#')[0];
      const prefix = input.ExpressionAttributeValues?.[':s']?.S;
      calls.push([context.commandName?.replace(/Command$/, ''), pk, prefix].filter((part) => part !== undefined).join(' '));
      return next(args);
    },
    { step: 'initialize', name: 'ingestRequestLog' },
  );
});

afterAll(async () => {
  await pipeline.stop();
});

let sequence = 1;
/** The calls of the last ingest (the test's own reads afterwards use the same client). */
let made: string[] = [];
async function ingest(key: string, body: string) {
  await pipeline.put(key, body);
  calls.length = 0;
  const outcome = await ingestObject(stageDeps(pipeline.runtime).ingest, { key, sequencer: padSequencer(sequence++) });
  made = [...calls];
  return outcome;
}

describe('what ingest reads and writes per file', () => {
  it('a corrected upload clears the rejection of the one before it; a first upload deletes nothing', async () => {
    const clientId = 'req-rejection';
    await configureClient(pipeline.store, clientId);
    const key = `${clientId}/${YEAR}/reaktioner.csv`;
    const good = reactionCsv(reactionRows(clientId, 0, 5));

    expect(await ingest(key, good.replace(/,9,/, ',15,'))).toMatchObject({ status: 'rejected' });
    expect((await pipeline.store.files.listRejections(clientId, YEAR)).map((r) => r.fileName)).toEqual(['reaktioner.csv']);
    expect(await ingest(key, good)).toMatchObject({ status: 'committed', rows: 5 });
    // The rejection was seen in the first read, so it is cleared once the file counts.
    expect(await pipeline.store.files.listRejections(clientId, YEAR)).toEqual([]);
    expect(made.filter((c) => c.startsWith('DeleteItem'))).toHaveLength(1);

    const other = `${clientId}/${YEAR}/reaktioner-2.csv`;
    expect(await ingest(other, reactionCsv(reactionRows(clientId, 1, 4)))).toMatchObject({ status: 'committed', rows: 4 });
    expect(made.filter((c) => c.startsWith('DeleteItem'))).toEqual([]);
  });

  it('the upload intent read with the file record names the uploader in the committed record', async () => {
    const clientId = 'req-uploader';
    await configureClient(pipeline.store, clientId);
    const now = Date.now();
    await pipeline.store.activity.putUploadIntent(clientId, YEAR, 'reaktioner.csv', {
      sub: 'anna',
      email: 'anna@konsult.example',
      issuedAt: new Date(now - 60_000).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
    });
    expect(await ingest(`${clientId}/${YEAR}/reaktioner.csv`, reactionCsv(reactionRows(clientId, 0, 5)))).toMatchObject({ status: 'committed' });
    expect((await pipeline.store.files.getFile(clientId, YEAR, 'reaktioner.csv'))?.uploadedBy).toEqual({ sub: 'anna', email: 'anna@konsult.example' });
    // Record, rejection and intent in one read; no GetItem of the intent on its own.
    expect(made.filter((c) => c.startsWith('BatchGetItem') || c.startsWith('GetItem'))).toEqual(['BatchGetItem']);
  });

  it('the row-key digests are read only when another committed file of the dataset could count a row', async () => {
    const clientId = 'req-digests';
    await configureClient(pipeline.store, clientId);
    expect(await ingest(`${clientId}/${YEAR}/a.csv`, reactionCsv(reactionRows(clientId, 0, 5)))).toMatchObject({ status: 'committed' });
    expect(made.filter((c) => c.startsWith('Query ROWKEYS'))).toEqual([]);
    // The second file repeats a row of the first: the digests are read, and the row is refused.
    const repeated = reactionRows(clientId, 0, 5).slice(0, 1).concat(reactionRows(clientId, 1, 3));
    expect(await ingest(`${clientId}/${YEAR}/b.csv`, reactionCsv(repeated))).toMatchObject({ status: 'rejected', problems: [{ rule: 'duplicate-response' }] });
    // (The refused file's own digest is then deleted, which lists its parts: a second such Query.)
    expect(made.filter((c) => c.startsWith('Query ROWKEYS')).length).toBeGreaterThan(0);
    expect((await pipeline.store.files.listFiles(clientId, YEAR)).map((f) => f.fileName)).toEqual(['a.csv']);
  });

  it('a definition file reads no file record, mapping or instrument', async () => {
    const clientId = 'req-definitions';
    await configureClient(pipeline.store, clientId);
    const settings = JSON.stringify({ clientId, displayName: 'Ny', recipients: [`ledning@${clientId}.example`], delivery: 'auto' });
    expect(await ingest(`${clientId}/${YEAR}/${clientId}.client.json`, settings)).toMatchObject({ status: 'settings' });
    expect(made.filter((c) => c.startsWith('Query') || c.startsWith('BatchGetItem'))).toEqual([]);
    expect((await pipeline.store.settings.getSettings(clientId))?.displayName).toBe('Ny');
    expect(await ingest(`${clientId}/${YEAR}/kommentar.md`, '# Året\n\nBra.')).toMatchObject({ status: 'commentary' });
    expect(made.filter((c) => c.startsWith('Query') || c.startsWith('BatchGetItem'))).toEqual([]);
  });
});
