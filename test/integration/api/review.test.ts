import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../../cli/commands/serve.ts';
import { call, emailsTo, settle, startApi, uploadViaApi } from './helpers.ts';
import { EMAIL_MESSAGES } from '../../../functions/core/email/messages/index.ts';
import { RULE_MESSAGES } from '../../../functions/core/parse/messages/index.ts';

/**
 * Review before send, through `effekt serve` over real HTTP: a consultant's upload gives that
 * consultant a draft and the client nothing; approval sends the client one e-mail per version.
 */

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/sodertalje');
const YEAR = 2025;
const CLIENT = 'granskning';
const tag = randomUUID().slice(0, 8);
const anna = { address: `anna-${tag}@konsult.example` };
const client = { address: `ledning-${tag}@granskning.example` };
const contact = `kontakt-${tag}@konsult.example`;

interface VersionReply {
  version: number;
  status: string;
  draft?: { status: string };
  approval?: { by: string };
  delivery?: { status: string };
}
interface SendReply {
  version: VersionReply;
  approved: boolean;
  newestVersion?: number;
}

let serving: Serving;
let annaToken: string;

const versions = async () =>
  (await call<{ versions: VersionReply[] }>(serving, 'GET', `/v1/clients/${CLIENT}/reports/${YEAR}`, { token: annaToken })).body.versions;

beforeAll(async () => {
  // A burst of uploads ends in one version, as with the deployed debounce.
  serving = await startApi({ coalesceSeconds: 2 });
  const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  annaToken = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [CLIENT], email: anna.address });
  const settings = await call(serving, 'PUT', `/v1/clients/${CLIENT}`, {
    token: admin,
    body: { clientId: CLIENT, displayName: 'Granskning AB', recipients: [client.address], consultantContact: contact },
  });
  expect(settings.body).toMatchObject({ delivery: 'review', consultantLocale: 'sv' });
  for (const file of (await readdir(join(EXAMPLE, String(YEAR)))).sort()) {
    await uploadViaApi(serving, annaToken, CLIENT, YEAR, file, await readFile(join(EXAMPLE, String(YEAR), file)));
  }
  await settle(serving);
}, 180_000);

afterAll(async () => {
  await serving?.stop();
});

describe('review before send', () => {
  it('gives the uploading consultant a draft with the PDF and the key figures, and the client nothing', async () => {
    expect(await emailsTo(client.address)).toEqual([]);
    expect(await emailsTo(contact)).toEqual([]);
    const drafts = await emailsTo(anna.address);
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    expect(draft!.subject).toBe(EMAIL_MESSAGES.sv.draft.subject('Granskning AB', YEAR, 1));
    expect(draft!.body.text).toContain(EMAIL_MESSAGES.sv.draft.keyFigures);
    expect(draft!.body.text).toMatch(/Nivå 1 \(reaktion\): nöjdhet \d,\d av 10 \(n = \d+ svarande\)/);
    expect(draft!.body.text).toContain(`effekt send ${CLIENT} ${YEAR} --version 1`);
    expect(draft!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const [v1] = await versions();
    expect(v1).toMatchObject({ version: 1, status: 'ready', draft: { status: 'sent' } });
    expect(v1!.delivery).toBeUndefined();
  });

  it('sends exactly one e-mail to the recipients on approval, and none when approved again', async () => {
    const first = await call<SendReply>(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}/1/send`, { token: annaToken });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ approved: true, version: { version: 1, approval: { by: 'anna' } } });
    await settle(serving);
    const sent = await emailsTo(client.address);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe(`Effektrapport ${YEAR} – Granskning AB (version 1)`);
    expect(sent[0]!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);

    const again = await call<SendReply>(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}/1/send`, { token: annaToken });
    expect(again.status).toBe(200);
    expect(again.body.approved).toBe(false);
    await settle(serving);
    expect(await emailsTo(client.address)).toHaveLength(1);

    const { events } = (await call<{ events: { action: string; actor: string; detail: Record<string, unknown> }[] }>(
      serving, 'GET', `/v1/audit?clientId=${CLIENT}`, { token: annaToken },
    )).body;
    expect(events.filter((e) => e.action === 'approval')).toEqual([expect.objectContaining({ actor: 'anna', detail: { year: YEAR, version: 1, superseded: false } })]);
    expect(events.filter((e) => e.action === 'delivery')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ version: 1, approvedBy: 'anna' }) })]);
  });

  it('lets a superseded draft be approved explicitly, and the e-mail says which version it is', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await call(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}`, { token: annaToken })).status).toBe(202);
      await settle(serving);
    }
    expect((await versions()).map((v) => v.version)).toEqual([1, 2, 3]);
    expect(await emailsTo(anna.address)).toHaveLength(3);
    expect(await emailsTo(client.address)).toHaveLength(1);

    const reply = await call<SendReply>(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}/2/send`, { token: annaToken });
    expect(reply.status).toBe(202);
    expect(reply.body.newestVersion).toBe(3);
    await settle(serving);
    const sent = await emailsTo(client.address);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.subject).toContain('(version 2)');
    expect(sent[1]!.body.text).toContain('Observera: detta är version 2');
    expect(sent[1]!.body.text).toContain('en senare version (3)');
  });

  it('gives the uploading consultant a Swedish rejection naming file, line, column and rule, and lists the file as rejected', async () => {
    const broken = 'deltagare;program;datum;nöjdhet;nytta;rekommendation\nx1;p;2025-05-01;9;9;9\nx2;p;2025-05-01;9;9;9\nx3;p;2025-05-01;15;9;9\n';
    await uploadViaApi(serving, annaToken, CLIENT, YEAR, 'reaktioner-juni.csv', new TextEncoder().encode(broken));
    await settle(serving);
    const rejections = (await emailsTo(anna.address)).filter((e) => e.subject === EMAIL_MESSAGES.sv.rejection.subject('reaktioner-juni.csv', 'Granskning AB', YEAR));
    expect(rejections).toHaveLength(1);
        expect(rejections[0]!.body.text).toContain(EMAIL_MESSAGES.sv.rejection.rule('out-of-range', 1, 1));
    expect(rejections[0]!.body.text).toContain(`- reaktioner-juni.csv rad 4, kolumn nöjdhet: ${RULE_MESSAGES.sv['out-of-range'].sentence({ value: '15', range: '1–10' })}`);
    expect(rejections[0]!.body.text).toContain('Gör så här:');
    expect(await emailsTo(contact)).toEqual([]);
    const { files } = (await call<{ files: { name: string; status: string; uploadedBy?: string; problems?: { line?: number; column?: string; rule: string }[] }[] }>(
      serving, 'GET', `/v1/clients/${CLIENT}/years/${YEAR}/files`, { token: annaToken },
    )).body;
    expect(files.find((f) => f.name === 'reaktioner-juni.csv')).toMatchObject({ status: 'rejected', uploadedBy: 'anna', problems: [{ line: 4, column: 'nöjdhet', rule: 'out-of-range', text: 'reaktioner-juni.csv rad 4, kolumn nöjdhet: 15 ligger utanför skalan 1–10.' }] });
  });

  it('sends one e-mail when two consultants approve the same version at once', async () => {
    const before = (await emailsTo(client.address)).length;
    const replies = await Promise.all([1, 2].map(() => call<SendReply>(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}/3/send`, { token: annaToken })));
    expect(replies.map((r) => r.body.approved).sort()).toEqual([false, true]);
    await settle(serving);
    const sent = await emailsTo(client.address);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)!.subject).toContain('(version 3)');
    expect(sent.at(-1)!.body.text).not.toContain('Observera');
  });

  it('refuses to send a version that does not exist', async () => {
    const reply = await call(serving, 'POST', `/v1/clients/${CLIENT}/reports/${YEAR}/99/send`, { token: annaToken });
    expect(reply.status).toBe(404);
  });
});
