import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServe, type Serving } from '../../cli/commands/serve.ts';
import type { ReceivedEmail } from '../helpers/local-pipeline.ts';

/**
 * The consultant console in a real browser (Debian's chromium, driven by playwright-core) against
 * `effekt serve` in-process on the shared emulators: sign in, a rejected and an accepted upload, the
 * draft, its preview, approval and the one e-mail, a refused address in the settings, and a second
 * consultant who sees nothing of the client. axe-core checks every page for WCAG 2.1 AA.
 * EFFEKT_CONSOLE_SCREENSHOTS=docs/images also saves the main pages as console-*.png.
 */

const CHROMIUM = process.env.EFFEKT_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = new URL('../..', import.meta.url).pathname;
const SCREENSHOTS = process.env.EFFEKT_CONSOLE_SCREENSHOTS;
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const YEAR = 2025;

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Every WCAG 2.1 A/AA violation axe-core finds on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ content: await AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(join(ROOT, SCREENSHOTS), { recursive: true });
  await page.screenshot({ path: join(ROOT, SCREENSHOTS, `console-${name}.png`), fullPage });
}

async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  const store = (await (await fetch(`${inject('emulators').ses}/store`)).json()) as { emails: ReceivedEmail[] };
  return store.emails.filter((e) => e.destination.to.some((to) => to.includes(address)));
}

function csv(rows: string[][]): Buffer {
  return Buffer.from(`${rows.map((r) => r.join(';')).join('\n')}\n`, 'utf8');
}

describe('the consultant console in chromium', () => {
  let serving: Serving;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const clientId = `konsol-${randomUUID().slice(0, 8)}`;
  const recipient = `ledning-${clientId}@kund.example`;
  let reactionRows: string[][];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
    serving = await startServe({
      port: 0,
      endpoints: inject('emulators'),
      prefix: `c${randomUUID().slice(0, 8)}-`,
      signingKeyFile: '.effekt/test-api-signing-key.json',
      keyFile: '.effekt/test-pseudonym.key',
      coalesceSeconds: 0,
      logLevel: 'SILENT',
      throttle: { rateLimit: 10_000, burstLimit: 10_000 },
      console: true,
    });
    // An administrator has set the client up (as `effekt upload` of its settings file would).
    const admin = await serving.token({ sub: 'admin', groups: ['admin'] });
    const created = await fetch(`${serving.url}/v1/clients/${clientId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId,
        displayName: 'Konsoltest kommun',
        recipients: [recipient],
        consultantName: 'Anna Konsult',
        consultantContact: `anna-${clientId}@konsult.example`,
        programNames: { ledarprogram: 'Ledarskap i förändring' },
      }),
    });
    expect(created.status).toBe(200);
    const example = await readFile(join(ROOT, 'examples/sodertalje/2025/reaktioner-2025.csv'), 'utf8');
    reactionRows = example.replace(/^\uFEFF/, '').trim().split('\n').slice(0, 13).map((line) => line.split(';'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    // axe-core is injected as a script: the console's CSP (script-src 'self') would rightly refuse it.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serving?.stop();
  });

  it('signs in with a token from effekt token and lists only the permitted client', async () => {
    await page.goto(`${serving.url}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in' }).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'sign-in');
    const token = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [clientId], email: `anna-${clientId}@konsult.example` });
    // Keyboard only: focus the field, type, Tab to the button and press Enter.
    await page.getByLabel('Åtkomsttoken').focus();
    await page.keyboard.insertText(token);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Dina kunder' }).waitFor();
    await page.getByRole('link', { name: 'Konsoltest kommun' }).waitFor();
    expect(await page.getByRole('listitem').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Konsoltest kommun' }).click();
    await page.getByRole('heading', { level: 1, name: 'Konsoltest kommun' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows broken files dropped together rejected, each with line and column', async () => {
    await page.getByRole('link', { name: String(YEAR), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Konsoltest kommun ${YEAR}` }).waitFor();
    const broken = reactionRows.map((row, i) => (i === 3 ? row.map((cell, j) => (j === 3 ? '15' : cell)) : row));
    const alsoBroken = reactionRows.map((row, i) => (i === 5 ? row.map((cell, j) => (j === 5 ? '11' : cell)) : row));
    // Drag and drop of two files at once, as from a file manager.
    await page.locator('.dropzone').evaluate(
      (zone, files) => {
        const transfer = new DataTransfer();
        for (const f of files) transfer.items.add(new File([f.text], f.name, { type: 'text/csv' }));
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [
        { name: 'reaktioner.csv', text: csv(broken).toString('utf8') },
        { name: 'reaktioner-vt.csv', text: csv(alsoBroken).toString('utf8') },
      ],
    );
    // Each file has its own progress bar.
    await expect(page.getByRole('progressbar').count()).resolves.toBe(2);
    const row = page.locator('tr[data-file="reaktioner.csv"]');
    const other = page.locator('tr[data-file="reaktioner-vt.csv"]');
    await row.getByText('Avvisad').waitFor({ timeout: 60_000 });
    await other.getByText('Avvisad').waitFor({ timeout: 60_000 });
    // Line 4 of the file (the header is line 1), the satisfaction column, in Swedish; line 6 of the other.
    expect((await row.locator('.problems li').allTextContents()).join('\n')).toMatch(/rad 4, kolumn nöjdhet/);
    expect((await other.locator('.problems li').allTextContents()).join('\n')).toMatch(/rad 6, kolumn rekommendation/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'rejected');
  }, 150_000);

  it('deletes a rejected file the consultant does not mean to correct, after saying what goes', async () => {
    const other = page.locator('tr[data-file="reaktioner-vt.csv"]');
    await other.getByRole('button', { name: 'Ta bort reaktioner-vt.csv' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ta bort reaktioner-vt.csv?' });
    await dialog.waitFor();
    // A rejected file never counted: the dialog says what is erased, not that rows are.
    await expect(dialog.getByText(/räknades aldrig/).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Ja, ta bort filen' }).click();
    await page.getByText('Den avvisade filen reaktioner-vt.csv togs bort.').first().waitFor({ timeout: 30_000 });
    await other.waitFor({ state: 'detached', timeout: 30_000 });
    // The other rejected file is still listed, to be replaced by a corrected upload.
    await expect(page.locator('tr[data-file="reaktioner.csv"]').getByText('Avvisad').isVisible()).resolves.toBe(true);
  }, 60_000);

  it('shows the corrected file accepted and the draft appear', async () => {
    await page.locator('input[type=file]').setInputFiles({ name: 'reaktioner.csv', mimeType: 'text/csv', buffer: csv(reactionRows) });
    const row = page.locator('tr[data-file="reaktioner.csv"]');
    await row.getByText(`Godkänd, ${reactionRows.length - 1} rader`).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Godkänn och skicka version 1' }).waitFor({ timeout: 90_000 });
    await expect(page.locator('tr[data-version="1"]').getByText('Utkast, väntar på godkännande').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'year');
  }, 150_000);

  it('previews the draft with pdf.js', async () => {
    await page.getByRole('button', { name: 'Förhandsgranska version 1' }).click();
    const pages = page.locator('[data-testid=preview-pages] canvas');
    await pages.first().waitFor({ timeout: 30_000 });
    await expect(pages.first().getAttribute('aria-label')).resolves.toMatch(/^Sida 1 av \d+$/);
    await page.locator('[data-testid=preview-pages][aria-busy=false]').waitFor({ timeout: 30_000 });
    const total = Number((await pages.first().getAttribute('aria-label'))!.split(' ').at(-1));
    await expect(pages.count()).resolves.toBe(total);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Förhandsgranskning av version 1' }).evaluate((h) => {
      h.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -24);
    });
    await shot(page, 'preview', false);
    await page.getByRole('button', { name: 'Stäng förhandsgranskningen' }).click();
  });

  it('approves the draft with the keyboard and the client gets exactly one e-mail', async () => {
    await page.getByRole('button', { name: 'Godkänn och skicka version 1' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Godkänna och skicka version 1?' });
    await dialog.waitFor();
    await expect(dialog.getByText(recipient).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Ja, godkänn och skicka' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('tr[data-version="1"]').getByText('Skickad till 1 mottagare').waitFor({ timeout: 60_000 });
    expect(await emailsTo(recipient)).toHaveLength(1);
  }, 150_000);

  it('marks a draft that a regeneration replaced, and offers only the newest for approval', async () => {
    // Regenerated twice with the same inputs: two drafts, of which the consultant should send the newer.
    for (const version of [2, 3]) {
      await page.getByRole('button', { name: 'Ta fram rapporten på nytt' }).click();
      await page.getByRole('button', { name: `Godkänn och skicka version ${version}` }).waitFor({ timeout: 90_000 });
    }
    await page.locator('tr[data-version="2"]').getByText('Ersatt av version 3').waitFor();
    expect(await page.getByRole('button', { name: 'Godkänn och skicka version 2' }).count()).toBe(0);
    await expect(page.locator('tr[data-version="3"]').getByText('Utkast, väntar på godkännande').isVisible()).resolves.toBe(true);
    // What was sent stays as it was; the replaced draft can still be previewed and downloaded.
    await expect(page.locator('tr[data-version="1"]').getByText('Skickad till 1 mottagare').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Ladda ner version 2 som PDF' }).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'replaced');
  }, 200_000);

  it('refuses an invalid recipient address in the settings form, tied to its field', async () => {
    await page.getByRole('link', { name: 'Inställningar' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor();
    const field = page.getByLabel('Mottagare 1');
    await field.fill('ledning(at)kund');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).resolves.toContain('inte en giltig e-postadress');
    await page.getByRole('button', { name: 'Spara inställningarna' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ett fält behöver rättas' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings');
    // Nothing was sent: the stored recipient is unchanged.
    const admin = await serving.token({ sub: 'admin', groups: ['admin'] });
    const stored = (await (await fetch(`${serving.url}/v1/clients/${clientId}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { recipients: string[] };
    expect(stored.recipients).toEqual([recipient]);
  });

  it('shows the audit log with the upload, the approval and the delivery', async () => {
    await page.getByRole('link', { name: 'Konsoltest kommun' }).click();
    // On the way: the client page says which years have results (from GET /v1/clients/{id}/years).
    const yearItem = (year: number) => page.locator('ul.years li').filter({ has: page.getByRole('link', { name: String(year), exact: true }) });
    await yearItem(YEAR).getByText('har resultat').waitFor();
    const thisYear = new Date().getFullYear();
    if (thisYear !== YEAR) await yearItem(thisYear).getByText('inga resultat ännu').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'client');
    await page.getByRole('link', { name: 'Händelselogg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Händelselogg' }).waitFor();
    const table = page.getByRole('table');
    await table.getByText('Godkännande').waitFor();
    await expect(table.getByText('Rapport skickad').count()).resolves.toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'audit');
  });

  it('lists a year whose only upload was refused, and its page says there are no results and why', async () => {
    // Older than the years the client page always offers: the listing alone leads to it.
    const refusedYear = new Date().getFullYear() - 7;
    const token = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [clientId] });
    const broken = reactionRows.slice(0, 3).map((row, i) => (i === 1 ? row.map((cell, j) => (j === 3 ? 'tio' : cell)) : row));
    const ticket = await fetch(`${serving.url}/v1/clients/${clientId}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ year: refusedYear, filename: 'reaktioner-gamla.csv' }),
    });
    expect(ticket.status).toBe(200);
    const { url } = (await ticket.json()) as { url: string };
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(csv(broken)) })).status).toBe(200);
    await serving.runtime.waitForIdle({ timeoutMs: 60_000 });

    await page.getByRole('link', { name: 'Konsoltest kommun' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Konsoltest kommun' }).waitFor();
    const item = page.locator('ul.years li').filter({ has: page.getByRole('link', { name: String(refusedYear), exact: true }) });
    await item.getByText('inga resultat – öppna för att se varför').waitFor();
    await shot(page, 'client-refused-year');
    await item.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Konsoltest kommun ${refusedYear}` }).waitFor();
    const notice = page.getByTestId('no-figures');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/^Inga resultat ännu\. Ingen datafil har godkänts för året: 1 fil avvisades/);
    const row = page.locator('tr[data-file="reaktioner-gamla.csv"]');
    await row.getByText('Avvisad').waitFor();
    expect((await row.locator('.problems li').allTextContents()).join('\n')).toMatch(/rad 2, kolumn nöjdhet/);
    // With nothing to make a report of, regenerating says so instead of starting a job that ends in silence.
    await page.getByRole('button', { name: 'Ta fram rapporten på nytt' }).click();
    await page.getByText('Året har inga godkända data, så det finns ingen rapport att ta fram.', { exact: false }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'refused-year');
  }, 120_000);

  it('gives a second consultant neither the client in the list nor its data by URL', async () => {
    const other = await browser.newContext({ bypassCSP: true, locale: 'sv-SE' });
    const stranger = await other.newPage();
    const token = await serving.token({ sub: 'bo', groups: ['consultant'], clients: ['annan-kund'] });
    await stranger.goto(`${serving.url}/#token=${token}`);
    await stranger.getByRole('heading', { level: 1, name: 'Dina kunder' }).waitFor();
    // The token left the address bar at once.
    expect(stranger.url()).not.toContain(token);
    await stranger.getByText('Du har inte behörighet till någon kund ännu').waitFor();
    expect(await stranger.getByText('Konsoltest kommun').count()).toBe(0);
    await stranger.goto(`${serving.url}/#/c/${clientId}/${YEAR}`);
    await stranger.getByText('Du har inte behörighet till den här kunden').waitFor();
    expect(await stranger.locator('tr[data-file]').count()).toBe(0);
    expect(await stranger.getByText('Konsoltest kommun').count()).toBe(0);
    expect(await axeViolations(stranger)).toEqual([]);
    await other.close();
  });
});
