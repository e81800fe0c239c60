import { readFile } from 'node:fs/promises';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSettingsSchema } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { EMAIL_MESSAGES } from '../../functions/core/email/messages/index.ts';

const reference = JSON.parse(await readFile(new URL('../fixtures/reference/paired-t.json', import.meta.url), 'utf8')) as {
  sleep: { pre: number[]; post: number[]; meanDiff: number; t: number; df: number; p: number; ci95: [number, number]; dz: number };
};

const EXAMPLE_2025 = new URL('../../examples/sodertalje/2025/', import.meta.url).pathname;
const YEAR = 2025;

let pipeline: TestPipeline;

async function configureClient(clientId: string): Promise<void> {
  await pipeline.table.putSettings(
    clientSettingsSchema.parse({
      clientId,
      displayName: `Testkund ${clientId}`,
      recipients: [`ledning@${clientId}.example`],
      // These tests are about the pipeline sending on its own; review mode has its own tests.
      delivery: 'auto',
      consultantContact: `konsult@${clientId}.example`,
    }),
  );
}

const reactionCsv = (rows: [string, number, number, number][]) =>
  ['respondent,program,date,satisfaction,usefulness,recommendation,comment', ...rows.map(([id, s, u, r]) => `${id},ledarprogram,2025-05-21,${s},${u},${r},`)].join('\n');

beforeAll(async () => {
  // A one-second debounce, as in local mode: a burst must end in one report.
  pipeline = await startTestPipeline({ coalesceSeconds: 1 });
});

afterAll(async () => {
  await pipeline.stop();
});

describe('the pipeline on the emulators', () => {
  it('turns a burst of uploads into one report version and one email with the PDF attached', async () => {
    const clientId = 'burst';
    await configureClient(clientId);
    for (const name of ['reaktioner-2025.csv', 'lead-forward-360.csv', 'kunskapstest.csv', 'hme-enheter.csv', 'team-pro-ledningsgrupp.csv']) {
      await pipeline.putFile(clientId, YEAR, `${EXAMPLE_2025}${name}`);
    }
    await pipeline.settle();

    const versions = await pipeline.table.listReportVersions(clientId, YEAR);
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'ready']]);
    expect(versions[0]!.inputs).toHaveLength(5);
    const emails = await pipeline.emailsTo(`ledning@${clientId}.example`);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe(`Effektrapport ${YEAR} – Testkund ${clientId} (version 1)`);
    const pdf = await pipeline.runtime.aws.s3.send(new GetObjectCommand({ Bucket: pipeline.runtime.names.reportsBucket, Key: `${clientId}/${YEAR}/1.pdf` }));
    const bytes = await pdf.Body!.transformToByteArray();
    expect(emails[0]!.attachments).toHaveLength(1);
    expect(Buffer.from(emails[0]!.attachments[0]!.content, 'base64').equals(Buffer.from(bytes))).toBe(true);

    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(37);
    expect(metrics?.sources.map((s) => s.rows)).toEqual([72, 26, 820, 37, 18].sort((a, b) => a - b).map(() => expect.any(Number)));
  });

  it('never stores a raw respondent id', async () => {
    const snapshot = await pipeline.table.readClientYear('burst', YEAR);
    const stored = snapshot.chunks.map((c) => c.json).join('\n');
    expect(stored).not.toContain('@sodertalje.example');
    expect(stored.length).toBeGreaterThan(1000);
  });

  it('reproduces the paired t-test of R’s sleep data through ingest and compute', async () => {
    const clientId = 'sleep';
    await configureClient(clientId);
    const instrument = {
      id: 'sleep',
      name: 'Sleep (Student 1908)',
      level: 'learning',
      scale: { min: -5, max: 10 },
      dimensions: [{ id: 'extra', label: { sv: 'Extra sömn', en: 'Extra sleep' } }],
    };
    await pipeline.put(`${clientId}/${YEAR}/sleep.instrument.json`, JSON.stringify(instrument));
    await pipeline.settle();
    const rows = reference.sleep.pre.flatMap((pre, i) => [
      `s${i + 1},kurs,sleep,pre,2025-01-10,self,extra,${pre}`,
      `s${i + 1},kurs,sleep,post,2025-06-10,self,extra,${reference.sleep.post[i]}`,
    ]);
    await pipeline.put(`${clientId}/${YEAR}/sleep.csv`, ['respondent,program,instrument,wave,date,rater,dimension,score', ...rows].join('\n'));
    await pipeline.settle();

    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    const entry = metrics!.change.find((c) => c.instrument === 'sleep')!;
    expect(entry.pairs).toBe(10);
    expect(entry.meanDiff).toBeCloseTo(reference.sleep.meanDiff, 6);
    expect(entry.t).toBeCloseTo(reference.sleep.t, 4);
    expect(entry.df).toBe(reference.sleep.df);
    expect(entry.p).toBeCloseTo(reference.sleep.p, 6);
    expect(entry.ci95![0]).toBeCloseTo(reference.sleep.ci95[0], 4);
    expect(entry.ci95![1]).toBeCloseTo(reference.sleep.ci95[1], 4);
    expect(entry.dz).toBeCloseTo(reference.sleep.dz, 4);
  });

  it('counts the same file once: re-upload to the same key, the same content under another name, a replayed event', async () => {
    const clientId = 'dupes';
    await configureClient(clientId);
    const csv = reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10], ['f', 7, 8, 6]]);
    const key = `${clientId}/${YEAR}/reaktioner.csv`;
    await pipeline.put(key, csv);
    await pipeline.settle();
    const first = await pipeline.table.getMetrics(clientId, YEAR);
    expect(first?.reaction?.responses).toBe(6);

    await pipeline.put(key, csv);
    await pipeline.put(`${clientId}/${YEAR}/reaktioner-kopia.csv`, csv);
    const replay = {
      Records: [
        { eventName: 'ObjectCreated:Put', s3: { bucket: { name: pipeline.runtime.names.uploadsBucket }, object: { key, sequencer: '0' } } },
      ],
    };
    await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.runtime.queues.urls.ingest, MessageBody: JSON.stringify(replay) }));
    await pipeline.settle();

    const after = await pipeline.table.getMetrics(clientId, YEAR);
    expect(after).toEqual(first);
    expect(await pipeline.table.listReportVersions(clientId, YEAR)).toHaveLength(1);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
    const snapshot = await pipeline.table.readClientYear(clientId, YEAR);
    expect(snapshot.rejections.map((r) => [r.fileName, r.problems[0]?.rule])).toEqual([['reaktioner-kopia.csv', 'duplicate-content']]);
  });

  it('refuses a broken file whole: nothing of it counts, it moves to quarantine, the consultant is told', async () => {
    const clientId = 'broken';
    await configureClient(clientId);
    const good = reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]);
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, good);
    await pipeline.settle();
    const before = await pipeline.table.getMetrics(clientId, YEAR);

    const broken = reactionCsv([['f', 9, 8, 10], ['g', 10, 9, 9], ['h', 11, 8, 7]]);
    await pipeline.put(`${clientId}/${YEAR}/juni.csv`, broken);
    await pipeline.settle();

    expect(await pipeline.table.getMetrics(clientId, YEAR)).toEqual(before);
    const snapshot = await pipeline.table.readClientYear(clientId, YEAR);
    const rejection = snapshot.rejections.find((r) => r.fileName === 'juni.csv')!;
    expect(rejection.problems[0]).toMatchObject({ line: 4, column: 'satisfaction', rule: expect.any(String) });
    expect(rejection.problems[0]!.message).toContain('juni.csv');
    const s3 = pipeline.runtime.aws.s3;
    const names = pipeline.runtime.names;
    await expect(s3.send(new HeadObjectCommand({ Bucket: names.uploadsBucket, Key: `${clientId}/${YEAR}/juni.csv` }))).rejects.toThrow();
    await s3.send(new HeadObjectCommand({ Bucket: names.quarantineBucket, Key: `${clientId}/${YEAR}/juni.csv` }));
    const report = await s3.send(new GetObjectCommand({ Bucket: names.quarantineBucket, Key: `${clientId}/${YEAR}/juni.csv.errors.json` }));
    expect(JSON.parse(await report.Body!.transformToString()).problems[0].line).toBe(4);
    const notices = await pipeline.emailsTo(`konsult@${clientId}.example`);
    expect(notices.map((n) => n.subject)).toEqual([EMAIL_MESSAGES.sv.rejection.subject('juni.csv', `Testkund ${clientId}`, YEAR)]);

    // A fixed file uploaded again is ingested normally.
    await pipeline.put(`${clientId}/${YEAR}/juni.csv`, reactionCsv([['f', 9, 8, 10], ['g', 10, 9, 9], ['h', 10, 8, 7]]));
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(8);
  });

  it('keeps the earlier rows when a broken export replaces a good one, replaces them with a corrected one, and erases them on delete', async () => {
    const clientId = 'lifecycle';
    await configureClient(clientId);
    const key = `${clientId}/${YEAR}/reaktioner.csv`;
    await pipeline.put(key, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]));
    await pipeline.settle();
    await pipeline.put(key, reactionCsv([['a', 9, 8, 10], ['b', 12, 9, 9]]));
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(5);

    await pipeline.put(key, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10], ['f', 6, 6, 6]]));
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(6);
    const versionsBefore = (await pipeline.table.listReportVersions(clientId, YEAR)).length;

    await pipeline.remove(key);
    await pipeline.settle();
    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    expect(metrics?.reaction ?? null).toBeNull();
    expect(metrics?.sources).toEqual([]);
    const snapshot = await pipeline.table.readClientYear(clientId, YEAR);
    expect(snapshot.chunks).toEqual([]);
    expect(versionsBefore).toBe(2);
    // No current report may hold the erased rows: every version made before is withdrawn, saying why.
    const after = await pipeline.table.listReportVersions(clientId, YEAR);
    expect(after.map((v) => [v.version, v.withdrawn?.reason])).toEqual([
      [1, 'no-data'],
      [2, 'no-data'],
    ]);
  });

  it('erases participants by deleting their file: the rows go, figures are recomputed, and a new report version is made', async () => {
    const clientId = 'erasure';
    await configureClient(clientId);
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]));
    await pipeline.put(`${clientId}/${YEAR}/juni.csv`, reactionCsv([['f', 4, 5, 3], ['g', 10, 9, 9], ['h', 9, 8, 7], ['i', 7, 7, 8], ['j', 8, 9, 9]]));
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(10);
    expect((await pipeline.table.listReportVersions(clientId, YEAR)).map((v) => v.version)).toEqual([1]);

    await pipeline.remove(`${clientId}/${YEAR}/juni.csv`);
    await pipeline.settle();
    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(5);
    expect(metrics?.reaction?.satisfaction.mean).toBeCloseTo((9 + 10 + 8 + 9 + 10) / 5, 10);
    expect(metrics?.sources.map((s) => s.file)).toEqual(['maj.csv']);
    const versions = await pipeline.table.listReportVersions(clientId, YEAR);
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'ready'], [2, 'ready']]);
    expect(versions[1]!.inputs?.map((i) => i.file)).toEqual(['maj.csv']);
    const audit = await pipeline.table.listAudit(clientId);
    expect(audit.filter((e) => e.action === 'erasure').map((e) => e.detail.file)).toEqual(['juni.csv']);
  });

  it('withholds the figures when a deleted file held fewer people than the minimum: version 1 minus version 2 would give them away', async () => {
    const clientId = 'erasure-small';
    await configureClient(clientId);
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]));
    await pipeline.put(`${clientId}/${YEAR}/juni.csv`, reactionCsv([['f', 4, 5, 3], ['g', 10, 9, 9], ['h', 9, 8, 7]]));
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.reaction?.satisfaction.mean).toBeDefined();
    await pipeline.remove(`${clientId}/${YEAR}/juni.csv`);
    await pipeline.settle();
    const reaction = (await pipeline.table.getMetrics(clientId, YEAR))?.reaction;
    expect(reaction).toMatchObject({ responses: 5, suppressed: true, suppressedReason: 'version-difference' });
    expect(reaction?.satisfaction).not.toHaveProperty('mean');
  });

  it('prints the consultant’s commentary from kommentar.md: a new commentary is a new version, removing it is another', async () => {
    const clientId = 'kommentar';
    await configureClient(clientId);
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]));
    await pipeline.settle();
    await pipeline.put(`${clientId}/${YEAR}/kommentar.md`, 'Programmet **fungerade** väl.\n\n- Fortsätt med trios\n- Mät igen om ett år\n');
    await pipeline.settle();
    const metrics = await pipeline.table.getMetrics(clientId, YEAR);
    expect(metrics?.commentary).toBe('Programmet **fungerade** väl.\n\n- Fortsätt med trios\n- Mät igen om ett år');
    expect((await pipeline.table.listReportVersions(clientId, YEAR)).map((v) => v.version)).toEqual([1, 2]);
    const pdf = await pipeline.runtime.aws.s3.send(new GetObjectCommand({ Bucket: pipeline.runtime.names.reportsBucket, Key: `${clientId}/${YEAR}/2.pdf` }));
    const text = (await pdfText(await pdf.Body!.transformToByteArray())).join('\n');
    expect(text).toContain('Konsultens kommentar');
    expect(text).toContain('Fortsätt med trios');

    // The same commentary again changes nothing; removing it makes a version without it.
    await pipeline.put(`${clientId}/${YEAR}/kommentar.md`, 'Programmet **fungerade** väl.\n\n- Fortsätt med trios\n- Mät igen om ett år\n');
    await pipeline.settle();
    expect((await pipeline.table.listReportVersions(clientId, YEAR)).map((v) => v.version)).toEqual([1, 2]);
    await pipeline.remove(`${clientId}/${YEAR}/kommentar.md`);
    await pipeline.settle();
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.commentary).toBeUndefined();
    expect((await pipeline.table.listReportVersions(clientId, YEAR)).map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('quarantines and reports a refused file whose name holds ; + # ? =', async () => {
    const clientId = 'udda-namn';
    await configureClient(clientId);
    const name = 'juni;v2+rev#1?a=b.csv';
    await pipeline.put(`${clientId}/${YEAR}/${name}`, reactionCsv([['a', 11, 9, 9]]));
    await pipeline.settle();
    const snapshot = await pipeline.table.readClientYear(clientId, YEAR);
    expect(snapshot.rejections.map((r) => [r.fileName, r.problems[0]?.rule])).toEqual([[name, 'out-of-range']]);
    await pipeline.runtime.aws.s3.send(new HeadObjectCommand({ Bucket: pipeline.runtime.names.quarantineBucket, Key: `${clientId}/${YEAR}/${name}` }));
  });

  it('mails a recipient listed twice in different case once', async () => {
    const clientId = 'dubbel-mottagare';
    await pipeline.table.putSettings(
      clientSettingsSchema.parse({ clientId, displayName: 'Dubbel', recipients: [`Chef@${clientId}.example`, `chef@${clientId}.example`], delivery: 'auto' }),
    );
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv([['a', 9, 8, 10], ['b', 10, 9, 9], ['c', 8, 8, 7], ['d', 9, 9, 9], ['e', 10, 10, 10]]));
    await pipeline.settle();
    const emails = await pipeline.emailsTo(`@${clientId}.example`);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toHaveLength(1);
  });

  it('makes no empty report when a regeneration is forced for a year without data', async () => {
    const clientId = 'utan-data';
    await configureClient(clientId);
    const request = { clientId, year: YEAR, deliver: true, force: true };
    await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.runtime.queues.urls.compute, MessageBody: JSON.stringify(request) }));
    await pipeline.settle();
    expect(await pipeline.table.listReportVersions(clientId, YEAR)).toEqual([]);
    expect((await pipeline.table.getMetrics(clientId, YEAR))?.sources).toEqual([]);
  });

  it('rejects a key outside <client>/<year>/ and keeps it in quarantine with the reason', async () => {
    await pipeline.put('Fel Mapp/reaktioner.csv', 'respondent\n');
    await pipeline.settle();
    const s3 = pipeline.runtime.aws.s3;
    const names = pipeline.runtime.names;
    const report = await s3.send(new GetObjectCommand({ Bucket: names.quarantineBucket, Key: 'unroutable/Fel Mapp/reaktioner.csv.errors.json' }));
    expect(JSON.parse(await report.Body!.transformToString()).problems[0].rule).toBe('key-layout');
  });
});
