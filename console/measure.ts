import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

/**
 * First-load time of the console in Debian's chromium, fresh profile per run: from navigation start
 * to the sign-in page's heading, and to the signed-in client list (which needs the API).
 *   npx tsx console/measure.ts --url http://127.0.0.1:8787 --token "$EFFEKT_TOKEN" [--runs 9]
 */
const { values } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:8787' }, token: { type: 'string' }, runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const browser = await chromium.launch({ executablePath: process.env.EFFEKT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const cases: [string, string, string][] = [['sign-in page', `${values.url}/`, 'h1']];
if (values.token) cases.push(['signed-in client list', `${values.url}/#token=${values.token}`, '.cards a']);
for (const [label, url, selector] of cases) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    // Stamp the moment the element first appears, in the page's own clock.
    await context.addInitScript((sel: string) => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector(sel)) return;
        (window as unknown as { rendered: number }).rendered = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    }, selector);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'rendered' in window);
    times.push(Math.round(await page.evaluate(() => (window as unknown as { rendered: number }).rendered)));
    await context.close();
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${label}: median ${times[Math.floor(times.length / 2)]} ms (${times.join(', ')})\n`);
}
await browser.close();
