import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../functions/core/model/index.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { EMAIL_MESSAGES } from '../../functions/core/email/messages/index.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'examples/sodertalje');

async function effekt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [join(ROOT, 'cli/bin/effekt.mjs'), ...args], { cwd: ROOT, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('effekt run on the example client (a separate process with its own emulators)', () => {
  let out: string;
  let result: { code: number; stderr: string };
  const files2025 = ['reaktioner-2025.csv', 'lead-forward-360.csv', 'kunskapstest.csv', 'hme-enheter.csv', 'team-pro-ledningsgrupp.csv'];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'effekt-e2e-'));
    result = await effekt([
      'run', '--client', 'sodertalje', '--year', '2025', '--out', out,
      join(EXAMPLES, 'sodertalje.client.json'),
      ...files2025.map((f) => join(EXAMPLES, '2025', f)),
    ]);
  }, 180_000);

  it('exits 0 and writes the report, the metrics, the email and an empty rejection list', async () => {
    expect(result.stderr).toContain('accepted reaktioner-2025.csv (37 rows)');
    expect(result.code).toBe(0);
    const names = await readdir(out);
    expect(names).toEqual(expect.arrayContaining(['sodertalje-2025.pdf', 'sodertalje-2025.metrics.json', 'rejected.json', 'outbox']));
    expect(JSON.parse(await readFile(join(out, 'rejected.json'), 'utf8'))).toEqual([]);
  });

  it('puts the headline figures in the PDF in Swedish format, with Swedish characters intact', async () => {
    const metrics = JSON.parse(await readFile(join(out, 'sodertalje-2025.metrics.json'), 'utf8')) as MetricsDocument;
    const satisfaction = metrics.reaction!.satisfaction.mean!;
    const pages = await pdfText(await readFile(join(out, 'sodertalje-2025.pdf')));
    const text = pages.join('\n');
    const swedish = satisfaction.toFixed(1).replace('.', ',');
    expect(swedish).toBe('9,6');
    expect(text).toContain(swedish);
    expect(text).toContain('Södertälje kommun, socialkontoret');
    expect(text).toMatch(/[åäö]/);
    expect(text).not.toContain('@sodertalje.example');
  });

  it('gives the same counts in the summary, the pyramid, the before/after tables, the email and metrics.json', async () => {
    const metrics = JSON.parse(await readFile(join(out, 'sodertalje-2025.metrics.json'), 'utf8')) as MetricsDocument;
    const text = (await pdfText(await readFile(join(out, 'sodertalje-2025.pdf')))).join(' ').replace(/\s+/g, ' ');
    // Both e-mails: the consultant's draft first, then the client's report.
    const outbox = (await readdir(join(out, 'outbox'))).sort();
    const [draft, mail] = await Promise.all(outbox.map(async (name) => simpleParser(await readFile(join(out, 'outbox', name)))));
    expect(draft!.text).toContain(`Ledare som mättes före och efter: ${metrics.leadersMeasured}.`);
    for (const level of metrics.kirkpatrick.filter((l) => l.measured)) expect(draft!.text).toMatch(new RegExp(`Nivå ${level.level} .*\\(n = ${level.n} `));
    // Leaders with both waves in a non-descriptive instrument: 14 rated, one only after, Team Pro's members excluded.
    expect(metrics.leadersMeasured).toBe(13);
    expect(text).toContain(`${metrics.participants} deltagare svarade på utvärderingen och ${metrics.leadersMeasured} ledare mättes före och efter`);
    expect(mail!.text).toContain(`Ledare som mättes före och efter: ${metrics.leadersMeasured}.`);
    expect(mail!.text).toContain(`n = ${metrics.reaction!.satisfaction.n})`);
    // Raters with one wave, summed over rater groups (each person once, not once per dimension).
    expect(metrics.unmatchedRaters).toBe(metrics.raterGroups.reduce((n, g) => n + g.unmatched, 0));
    expect(metrics.unmatchedRaters).toBe(8);
    expect(text).toContain(`${metrics.unmatchedRaters} skattare svarade bara vid en av mätningarna`);
    // The pyramid's n is people (or units) behind each level, never answers of several groups added up.
    const units = { respondents: 'svarande', leaders: 'ledare', units: 'enheter' } as const;
    for (const level of metrics.kirkpatrick.filter((l) => l.measured)) expect(text).toContain(`n = ${level.n} ${units[level.unit]}`);
    expect(metrics.kirkpatrick.map((l) => l.n)).toEqual([37, 13, 13, 12]);
    // Each rater group of the 360 names its leaders and raters.
    for (const group of metrics.raterGroups.filter((g) => g.instrument === 'lead-forward')) {
      const label = { self: 'Självskattning', manager: 'Chef', employee: 'Medarbetare', peer: 'Kollega' }[group.rater];
      expect(text).toContain(`${label}: ${group.leaders} ledare, ${group.raters} skattare`);
    }
    // Tests and unit indicators are never called self-ratings.
    expect(text).toContain('Testresultat');
    expect(text).toContain('Enhetens värde');
    expect(text).not.toMatch(/Kunskap Självskattning/);
  });

  it('emails the same PDF as an attachment to the client recipients, in Swedish', async () => {
    // The consultant's draft first, then (approved at once by the local run) the client's e-mail.
    const outbox = (await readdir(join(out, 'outbox'))).sort();
    expect(outbox).toHaveLength(2);
    const draft = await simpleParser(await readFile(join(out, 'outbox', outbox[0]!)));
    expect(draft.subject).toBe(EMAIL_MESSAGES.sv.draft.subject('Södertälje kommun, socialkontoret', 2025, 1));
    const mail = await simpleParser(await readFile(join(out, 'outbox', outbox[1]!)));
    expect(mail.subject).toBe(EMAIL_MESSAGES.sv.report.subject('Södertälje kommun, socialkontoret', 2025, 1));
    // The key findings in three short lines, each with its n; from the consultancy, replies to the consultant.
    expect(mail.text).toContain('Det viktigaste i korthet:\n- Nöjdhet 9,6 av 10 (95 % KI 9,4–9,8; n = 37).');
    expect(mail.text?.match(/^- .*n = \d+.*$/gm)).toHaveLength(3);
    expect(mail.from?.value[0]?.name).toBe('Karin Holm, Effekt Organisationspsykologi');
    expect(mail.replyTo?.value[0]?.address).toBe('konsult@organisationspsykologerna.example');
    expect(mail.messageId).not.toBe(draft.messageId);
    // Named for a person, encoded per RFC 2231 (mailparser decodes it back).
    expect(mail.attachments[0]!.filename).toBe('Effektrapport 2025 – Södertälje kommun, socialkontoret.pdf');
    const to = Array.isArray(mail.to) ? mail.to.flatMap((t) => t.value) : (mail.to?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(['forvaltningschef@sodertalje.example', 'hr-strateg@sodertalje.example']);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(Buffer.compare(mail.attachments[0]!.content, await readFile(join(out, 'sodertalje-2025.pdf')))).toBe(0);
  });
});

describe('effekt run with a broken file', () => {
  it('exits 1, lists the problem in rejected.json, and still reports the accepted data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'effekt-e2e-broken-'));
    const broken = join(dir, 'reaktioner-juni.csv');
    await writeFile(broken, 'respondent,program,date,satisfaction,usefulness,recommendation,comment\nx1,ledarprogram,2025-06-01,9,9,9,\nx2,ledarprogram,2025-06-01,11,9,9,\n');
    const out = join(dir, 'out');
    const result = await effekt(['run', '--client', 'sodertalje', '--year', '2025', '--out', out, join(EXAMPLES, '2025', 'reaktioner-2025.csv'), broken]);
    expect(result.code).toBe(1);
    const rejected = JSON.parse(await readFile(join(out, 'rejected.json'), 'utf8')) as { file: string; line: number; column: string; rule: string; message: string }[];
    expect(rejected).toEqual([{ file: 'reaktioner-juni.csv', line: 3, column: 'satisfaction', rule: 'out-of-range', message: expect.stringContaining('11') }]);
    expect(result.stderr).toContain('REJECTED');
    const metrics = JSON.parse(await readFile(join(out, 'sodertalje-2025.metrics.json'), 'utf8')) as MetricsDocument;
    expect(metrics.reaction!.responses).toBe(37);
    expect(await readdir(out)).toContain('sodertalje-2025.pdf');
  }, 180_000);

  it('exits 1 and says why when no report was made, and leaves no earlier run’s report in --out', async () => {
    const out = await mkdtemp(join(tmpdir(), 'effekt-e2e-empty-'));
    await writeFile(join(out, 'sodertalje-2025.pdf'), '%PDF stale from an earlier run');
    const result = await effekt(['run', '--client', 'sodertalje', '--year', '2025', '--out', out, join(EXAMPLES, 'sodertalje.client.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no report was made');
    expect(await readdir(out)).not.toContain('sodertalje-2025.pdf');
  }, 180_000);

  it('stops at the draft with --review: the client gets nothing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'effekt-e2e-review-'));
    const result = await effekt(['run', '--review', '--client', 'sodertalje', '--year', '2025', '--out', out, join(EXAMPLES, 'sodertalje.client.json'), join(EXAMPLES, '2025', 'reaktioner-2025.csv')]);
    expect(result.code).toBe(0);
    const outbox = await readdir(join(out, 'outbox'));
    expect(outbox).toHaveLength(1);
    const draft = await simpleParser(await readFile(join(out, 'outbox', outbox[0]!)));
    expect(draft.subject).toMatch(/^Nytt utkast att granska/);
    const to = Array.isArray(draft.to) ? draft.to.flatMap((t) => t.value) : (draft.to?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(['konsult@organisationspsykologerna.example']);
  }, 180_000);

  it('exits 2 on a usage error', async () => {
    const result = await effekt(['run', '--client', 'Not A Slug', '--year', '2025', '--out', '/tmp/x', 'missing.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--client');
  });
});
