/** The consultant's commentary through the API: PUT stores it like an uploaded kommentar.md, a new draft follows, GET reads it back. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../../cli/commands/serve.ts';
import { call, emailsTo, settle, startApi, uploadViaApi } from './helpers.ts';

const CLIENT = 'kommentar-api';
const YEAR = 2025;
const tag = randomUUID().slice(0, 8);
const annaAddress = `anna-${tag}@konsult.example`;
let serving: Serving;
let anna: string;

const reactions = ['respondent,program,date,satisfaction,usefulness,recommendation,comment', ...['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => `${id},ledarprogram,2025-05-21,${8 + (i % 3)},9,${7 + (i % 4)},`)].join('\n');

beforeAll(async () => {
  serving = await startApi({ coalesceSeconds: 1 });
  const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  anna = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [CLIENT], email: annaAddress });
  await call(serving, 'PUT', `/v1/clients/${CLIENT}`, { token: admin, body: { clientId: CLIENT, displayName: 'Kommentar AB', recipients: [`ledning-${tag}@kommentar.example`], consultantName: 'Anna Berg' } });
  await uploadViaApi(serving, anna, CLIENT, YEAR, 'reaktioner.csv', Buffer.from(reactions));
  await settle(serving);
}, 120_000);

afterAll(async () => {
  await serving?.stop();
});

describe('PUT /v1/clients/{clientId}/years/{year}/commentary', () => {
  it('answers 404 before there is a commentary', async () => {
    expect((await call(serving, 'GET', `/v1/clients/${CLIENT}/years/${YEAR}/commentary`, { token: anna })).status).toBe(404);
  });

  it('stores the commentary, makes a new version with it as a draft to the caller, and reads it back', async () => {
    const draftsBefore = (await emailsTo(annaAddress)).length;
    const markdown = 'Gruppen har **vuxit** i sin roll.\n\n- Fortsätt med handledning\n- Mät igen om ett år';
    const reply = await call<{ key: string }>(serving, 'PUT', `/v1/clients/${CLIENT}/years/${YEAR}/commentary`, { token: anna, body: { markdown } });
    expect(reply.status).toBe(202);
    expect(reply.body.key).toBe(`${CLIENT}/${YEAR}/kommentar.md`);
    await settle(serving);
    const read = await call<{ markdown: string }>(serving, 'GET', `/v1/clients/${CLIENT}/years/${YEAR}/commentary`, { token: anna });
    expect(read.status).toBe(200);
    expect(read.body.markdown).toBe(markdown);
    const metrics = await call<{ commentary?: string }>(serving, 'GET', `/v1/clients/${CLIENT}/metrics/${YEAR}`, { token: anna });
    expect(metrics.body.commentary).toBe(markdown);
    // The new version's draft goes to the consultant who wrote the commentary.
    const drafts = await emailsTo(annaAddress);
    expect(drafts.length).toBe(draftsBefore + 1);
    expect(drafts.at(-1)?.subject).toMatch(/^Nytt utkast att granska: .*\(version 2\)$/);
  });

  it('refuses an empty commentary as a problem the caller can act on', async () => {
    const reply = await call<{ detail: string }>(serving, 'PUT', `/v1/clients/${CLIENT}/years/${YEAR}/commentary`, { token: anna, body: { markdown: '   ' } });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain('markdown');
  });
});
