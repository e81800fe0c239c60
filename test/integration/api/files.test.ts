import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../../cli/commands/serve.ts';
import { mappingSchema, type MetricsDocument } from '../../../functions/core/model/index.ts';
import { call, emailsTo, settle, startApi, uploadViaApi } from './helpers.ts';

/**
 * Files and people a consultant manages, through `effekt serve` over real HTTP: deleting a file and
 * erasing a person each give a new draft whose figures equal a clean run without that file or person.
 */

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/sodertalje');
const YEAR = 2025;
const PERSON = 'maria.sjöberg@sodertalje.example';
const DELETED = 'kunskapstest.csv';
const tag = randomUUID().slice(0, 8);
const annaAddress = `anna-${tag}@konsult.example`;

interface FileEntry {
  name: string;
  status: string;
  rows?: number;
  uploadedBy?: string;
  problems?: { line?: number; column?: string; rule: string; message: string }[];
  totalProblems?: number;
}

let serving: Serving;
let anna: string;
let files: Record<string, Uint8Array>;

/**
 * The file without the person's lines (as respondent or as rated leader). Lines are compared as Latin-1
 * text, which keeps every byte, so UTF-8 and Windows-1252 files both stay as they were.
 */
function withoutPerson(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const spellings = [Buffer.from(PERSON, 'utf8').toString('latin1'), PERSON];
  const kept = text.split('\n').filter((line) => !spellings.some((s) => line.includes(s)));
  return new Uint8Array(Buffer.from(kept.join('\n'), 'latin1'));
}

async function uploadClient(clientId: string, contents: Record<string, Uint8Array>): Promise<void> {
  const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  await call(serving, 'PUT', `/v1/clients/${clientId}`, {
    token: admin,
    body: { clientId, displayName: `Kund ${clientId}`, recipients: [`ledning-${tag}@${clientId}.example`], delivery: 'review' },
  });
  for (const [name, bytes] of Object.entries(contents)) await uploadViaApi(serving, anna, clientId, YEAR, name, bytes);
}

const metricsOf = async (clientId: string) =>
  (await call<MetricsDocument>(serving, 'GET', `/v1/clients/${clientId}/metrics/${YEAR}`, { token: anna })).body;

/** The figures a report shows, without what names the inputs (hashes, file list, release digests). */
const figures = (m: MetricsDocument) => ({ participants: m.participants, reaction: m.reaction, change: m.change, kirkpatrick: m.kirkpatrick });

beforeAll(async () => {
  serving = await startApi({ coalesceSeconds: 2 });
  anna = await serving.token({ sub: 'anna', groups: ['consultant'], clients: ['hel', 'utan-fil', 'utan-person'], email: annaAddress });
  const names = (await readdir(join(EXAMPLE, String(YEAR)))).sort();
  files = Object.fromEntries(await Promise.all(names.map(async (n) => [n, new Uint8Array(await readFile(join(EXAMPLE, String(YEAR), n)))] as const)));
  await uploadClient('hel', files);
  await uploadClient('utan-fil', Object.fromEntries(Object.entries(files).filter(([n]) => n !== DELETED)));
  // The clean run for the erasure has neither the deleted file (deleted first) nor the person.
  await uploadClient('utan-person', Object.fromEntries(Object.entries(files).filter(([n]) => n !== DELETED).map(([n, b]) => [n, withoutPerson(b)])));
  await settle(serving);
}, 240_000);

afterAll(async () => {
  await serving?.stop();
});

describe('a year\'s files', () => {
  it('lists every file with its status, rows and uploader', async () => {
    const reply = await call<{ files: FileEntry[] }>(serving, 'GET', `/v1/clients/hel/years/${YEAR}/files`, { token: anna });
    expect(reply.status).toBe(200);
    expect(reply.body.files.map((f) => [f.name, f.status, f.uploadedBy])).toEqual(Object.keys(files).sort().map((n) => [n, 'accepted', 'anna']));
    expect(reply.body.files.find((f) => f.name === 'reaktioner-2025.csv')?.rows).toBe(37);
  });

  it('answers 404 for a file that is not there, and 400 for a name that is not a file name', async () => {
    expect((await call(serving, 'DELETE', `/v1/clients/hel/years/${YEAR}/files/finns-inte.csv`, { token: anna })).status).toBe(404);
    expect((await call(serving, 'DELETE', `/v1/clients/hel/years/${YEAR}/files/..%2Fx.csv`, { token: anna })).status).toBe(400);
  });
});

describe('deleting a file', () => {
  it('erases its rows and gives the deleting consultant a draft whose figures equal a run without the file', async () => {
    const draftsBefore = (await emailsTo(annaAddress)).length;
    const reply = await call<{ rowsErased: number }>(serving, 'DELETE', `/v1/clients/hel/years/${YEAR}/files/${DELETED}`, { token: anna });
    expect(reply.status).toBe(202);
    expect(reply.body.rowsErased).toBeGreaterThan(0);
    await settle(serving);
    const listed = (await call<{ files: FileEntry[] }>(serving, 'GET', `/v1/clients/hel/years/${YEAR}/files`, { token: anna })).body.files;
    expect(listed.map((f) => f.name)).not.toContain(DELETED);
    const after = await metricsOf('hel');
    expect(after.sources.map((s) => s.file)).not.toContain(DELETED);
    expect(figures(after)).toEqual(figures(await metricsOf('utan-fil')));
    const drafts = await emailsTo(annaAddress);
    expect(drafts.length).toBe(draftsBefore + 1);
    expect(drafts.at(-1)!.subject).toMatch(/^Nytt utkast att granska: effektrapport 2025 – Kund hel \(version \d+\)$/);
  });
});

describe('deleting a rejected file', () => {
  it('erases the quarantined copy and its error report, takes the rejection off the list and makes no draft', async () => {
    const BROKEN = 'trasig.csv';
    const quarantined = async () => {
      const listed = await serving.runtime.aws.s3.send(new ListObjectsV2Command({ Bucket: serving.runtime.names.quarantineBucket, Prefix: `hel/${YEAR}/${BROKEN}` }));
      return (listed.Contents ?? []).map((o) => o.Key);
    };
    await uploadViaApi(serving, anna, 'hel', YEAR, BROKEN, new TextEncoder().encode('det här är ingen export\n;;;\n'));
    await settle(serving);
    const listed = (await call<{ files: FileEntry[] }>(serving, 'GET', `/v1/clients/hel/years/${YEAR}/files`, { token: anna })).body.files;
    expect(listed.find((f) => f.name === BROKEN)?.status).toBe('rejected');
    expect(await quarantined()).toEqual(expect.arrayContaining([`hel/${YEAR}/${BROKEN}`, `hel/${YEAR}/${BROKEN}.errors.json`]));
    const draftsBefore = (await emailsTo(annaAddress)).length;
    const metricsBefore = await metricsOf('hel');

    const reply = await call<{ name: string; rowsErased: number }>(serving, 'DELETE', `/v1/clients/hel/years/${YEAR}/files/${BROKEN}`, { token: anna });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ name: BROKEN, year: YEAR, rowsErased: 0 });
    await settle(serving);
    const after = (await call<{ files: FileEntry[] }>(serving, 'GET', `/v1/clients/hel/years/${YEAR}/files`, { token: anna })).body.files;
    expect(after.map((f) => f.name)).not.toContain(BROKEN);
    expect(await quarantined()).toEqual([]);
    expect((await emailsTo(annaAddress)).length).toBe(draftsBefore);
    expect(figures(await metricsOf('hel'))).toEqual(figures(metricsBefore));
    const audit = (await call<{ events: { action: string; detail: Record<string, unknown> }[] }>(serving, 'GET', '/v1/audit?clientId=hel', { token: anna })).body.events;
    expect(audit.find((e) => e.action === 'file-delete' && e.detail.file === BROKEN)?.detail).toMatchObject({ rejected: true, rows: 0 });
    // Gone means gone: a second delete finds nothing.
    expect((await call(serving, 'DELETE', `/v1/clients/hel/years/${YEAR}/files/${BROKEN}`, { token: anna })).status).toBe(404);
  });
});

describe('erasing a person', () => {
  it('erases them as respondent and as rated leader; the new draft shows no figure a clean run would not, and equals it wherever it shows one', async () => {
    const before = await metricsOf('hel');
    const draftsBefore = (await emailsTo(annaAddress)).length;
    const reply = await call<{ years: number[]; rowsErased: number; versionsWithdrawn: number }>(serving, 'POST', '/v1/clients/hel/erasure', {
      token: anna,
      body: { respondent: PERSON.toUpperCase() },
    });
    expect(reply.status).toBe(202);
    expect(reply.body.years).toEqual([YEAR]);
    expect(reply.body.versionsWithdrawn).toBeGreaterThan(0);
    await settle(serving);

    const after = await metricsOf('hel');
    const clean = await metricsOf('utan-person');
    expect(after.inputsHash).not.toBe(before.inputsHash);
    expect(after.participants).toBe(clean.participants);
    expect(after.sources.map((s) => [s.file, s.rows])).toEqual(clean.sources.map((s) => [s.file, s.rows]));
    // A group whose membership changed by fewer than the minimum is held back (no differencing against
    // the earlier version); every other entry is exactly the clean run's.
    const byKey = (m: MetricsDocument) => new Map(m.change.map((e) => [`${e.program}/${e.instrument}/${e.dimension}/${e.rater}`, e]));
    const cleanEntries = byKey(clean);
    let equal = 0;
    // Holm's adjustment runs over the entries shown, a family the held-back groups make smaller: pHolm is the one figure that may differ.
    const withoutHolm = (e: object | undefined) => e && { ...e, pHolm: undefined };
    for (const [key, entry] of byKey(after)) {
      if (entry.suppressed) continue;
      expect(withoutHolm(entry), key).toEqual(withoutHolm(cleanEntries.get(key)));
      equal += 1;
    }
    expect(equal).toBeGreaterThan(0);
    expect((await emailsTo(annaAddress)).length).toBe(draftsBefore + 1);

    const { events } = (await call<{ events: { action: string; actor: string; detail: Record<string, unknown> }[] }>(serving, 'GET', '/v1/audit?clientId=hel', { token: anna })).body;
    const erasure = events.find((e) => e.action === 'erasure' && e.actor === 'anna');
    expect(erasure?.detail).toMatchObject({ years: String(YEAR) });
    expect(JSON.stringify(events).toLowerCase()).not.toContain('sjöberg');
  });

  it('withdraws the versions made before: they can no longer be sent', async () => {
    const reply = await call(serving, 'POST', `/v1/clients/hel/reports/${YEAR}/1/send`, { token: anna });
    expect(reply.status).toBe(409);
    const { versions } = (await call<{ versions: { version: number; withdrawn?: object }[] }>(serving, 'GET', `/v1/clients/hel/reports/${YEAR}`, { token: anna })).body;
    expect(versions.at(0)?.withdrawn).toMatchObject({ reason: 'erasure' });
    expect(versions.at(-1)?.withdrawn).toBeUndefined();
  });
});

describe('a survey export no mapping fits', () => {
  const SURVEY = resolve(import.meta.dirname, '../../fixtures/files/survey');
  const EXPORT = 'Ledarskap Bas självskattning (svar).csv';

  it('is listed as rejected with the proposed mapping, which read back as a mapping file makes the export count', async () => {
    const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
    await call(serving, 'PUT', '/v1/clients/enkat', { token: admin, body: { clientId: 'enkat', displayName: 'Kund enkat', recipients: [`ledning-${tag}@enkat.example`] } });
    const bo = await serving.token({ sub: 'bo', groups: ['consultant'], clients: ['enkat'], email: `bo-${tag}@konsult.example` });
    await uploadViaApi(serving, bo, 'enkat', YEAR, 'ledarskapsindex.instrument.json', new Uint8Array(await readFile(join(SURVEY, 'ledarskapsindex.instrument.json'))));
    await settle(serving);
    await uploadViaApi(serving, bo, 'enkat', YEAR, EXPORT, new Uint8Array(await readFile(join(SURVEY, 'google-forms-sv', EXPORT))));
    await settle(serving);

    type Listed = FileEntry & { proposedMapping?: { fileName: string; json: string } };
    const listed = (await call<{ files: Listed[] }>(serving, 'GET', `/v1/clients/enkat/years/${YEAR}/files`, { token: bo })).body.files;
    const rejected = listed.find((f) => f.name === EXPORT);
    expect(rejected?.status).toBe('rejected');
    expect(rejected?.problems?.[0]?.rule).toBe('no-mapping');
    const proposal = rejected?.proposedMapping;
    expect(proposal?.fileName).toBe('Ledarskap Bas självskattning (svar).mapping.json');
    const mapping = mappingSchema.parse(JSON.parse(proposal?.json ?? 'null'));
    expect(mapping.constants?.instrument).toBe('ledarskapsindex');

    // What the console's "use the proposed mapping" does: upload it beside the export, which is then read.
    await uploadViaApi(serving, bo, 'enkat', YEAR, proposal!.fileName, new TextEncoder().encode(proposal!.json));
    await settle(serving);
    const after = (await call<{ files: Listed[] }>(serving, 'GET', `/v1/clients/enkat/years/${YEAR}/files`, { token: bo })).body.files;
    const counted = after.find((f) => f.name === EXPORT);
    expect(counted?.status).toBe('accepted');
    expect(counted?.rows).toBeGreaterThan(0);
    expect(counted?.proposedMapping).toBeUndefined();
  });
});
