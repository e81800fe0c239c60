/**
 * A programme's description through the API: PUT stores it like an uploaded <programme-id>.program.json, a new
 * version with the design section follows as a draft to the caller, GET reads it back; a broken one is refused.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../../cli/commands/serve.ts';
import { call, emailsTo, settle, startApi, uploadViaApi } from './helpers.ts';

const CLIENT = 'utformning-api';
const YEAR = 2025;
const tag = randomUUID().slice(0, 8);
const annaAddress = `anna-${tag}@konsult.example`;
const PATH = `/v1/clients/${CLIENT}/years/${YEAR}/programs/ledarprogram/design`;
const design = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'sodertalje', '2025', 'ledarprogram.program.json'), 'utf8')) as Record<string, unknown>;
let serving: Serving;
let anna: string;

const reactions = ['respondent,program,date,satisfaction,usefulness,recommendation,comment', ...['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => `${id},ledarprogram,2025-05-21,${8 + (i % 3)},9,${7 + (i % 4)},`)].join('\n');

beforeAll(async () => {
  serving = await startApi({ coalesceSeconds: 1 });
  const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  anna = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [CLIENT], email: annaAddress });
  await call(serving, 'PUT', `/v1/clients/${CLIENT}`, { token: admin, body: { clientId: CLIENT, displayName: 'Utformning AB', recipients: [`ledning-${tag}@utformning.example`] } });
  await uploadViaApi(serving, anna, CLIENT, YEAR, 'reaktioner.csv', Buffer.from(reactions));
  await settle(serving);
}, 120_000);

afterAll(async () => {
  await serving?.stop();
});

describe('PUT /v1/clients/{clientId}/years/{year}/programs/{programId}/design', () => {
  it('answers 404 before the programme is described', async () => {
    expect((await call(serving, 'GET', PATH, { token: anna })).status).toBe(404);
  });

  it('stores the description, makes a new version with it as a draft to the caller, and reads it back', async () => {
    const draftsBefore = (await emailsTo(annaAddress)).length;
    const reply = await call<{ key: string }>(serving, 'PUT', PATH, { token: anna, body: design });
    expect(reply.status).toBe(202);
    expect(reply.body.key).toBe(`${CLIENT}/${YEAR}/ledarprogram.program.json`);
    await settle(serving);
    const read = await call<{ programId: string; fileName: string; design: unknown }>(serving, 'GET', PATH, { token: anna });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ programId: 'ledarprogram', fileName: 'ledarprogram.program.json', design });
    const metrics = await call<{ programDesigns?: { programId: string }[] }>(serving, 'GET', `/v1/clients/${CLIENT}/metrics/${YEAR}`, { token: anna });
    expect(metrics.body.programDesigns?.map((d) => d.programId)).toEqual(['ledarprogram']);
    const drafts = await emailsTo(annaAddress);
    expect(drafts.length).toBe(draftsBefore + 1);
    expect(drafts.at(-1)?.subject).toMatch(/\(version 2\)$/);
    const files = await call<{ files: { name: string; kind?: string }[] }>(serving, 'GET', `/v1/clients/${CLIENT}/years/${YEAR}/files`, { token: anna });
    expect(files.body.files.find((f) => f.name === 'ledarprogram.program.json')?.kind).toBe('program');
  });

  it('refuses an unknown key or a value outside the schema, naming the field', async () => {
    const unknown = await call<{ detail: string }>(serving, 'PUT', PATH, { token: anna, body: { ...design, budget: 100000 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('budget');
    const wrong = await call<{ detail: string }>(serving, 'PUT', PATH, { token: anna, body: { ...design, location: 'moon' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('location');
    const badId = await call(serving, 'PUT', `/v1/clients/${CLIENT}/years/${YEAR}/programs/${encodeURIComponent('a/b')}/design`, { token: anna, body: design });
    expect(badId.status).toBe(400);
  });
});
