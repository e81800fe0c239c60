// The render baseline: the same report made the common way, as an HTML page whose charts are the same
// Vega-Lite specs (same data, params, theme config and locale) drawn by vega-embed, printed to PDF by
// headless Chromium driven by playwright-core. Plain Node ESM (no tsx), so its start-up is comparable
// with the bundled renderer's.
//
//   node bench/chromium/driver.mjs <baseline-report.json> <warm|cold> [out.pdf]
//
// Everything is served from node_modules over a loopback HTTP server (no network): vega, vega-lite and
// vega-embed browser builds and the Roboto fonts pdfmake ships. One browser; a fresh page per report
// (in one context, so the HTTP cache is warm after the first, as a long-lived service would have it);
// a report counts as done when every chart's view has run, then page.pdf(A4) returns the bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [reportPath, mode = 'cold', outPath] = process.argv.slice(2);
const started = performance.now();

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// node_modules next to the repository's package.json (some packages do not export ./package.json).
const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');
const pkgDir = (name) => join(NODE_MODULES, name);
const FILES = {
  '/lib/vega.min.js': join(pkgDir('vega'), 'build/vega.min.js'),
  '/lib/vega-lite.min.js': join(pkgDir('vega-lite'), 'build/vega-lite.min.js'),
  '/lib/vega-embed.min.js': join(pkgDir('vega-embed'), 'build/vega-embed.min.js'),
  '/fonts/Roboto-Regular.ttf': join(pkgDir('pdfmake'), 'build/fonts/Roboto/Roboto-Regular.ttf'),
  '/fonts/Roboto-Medium.ttf': join(pkgDir('pdfmake'), 'build/fonts/Roboto/Roboto-Medium.ttf'),
  '/fonts/Roboto-Italic.ttf': join(pkgDir('pdfmake'), 'build/fonts/Roboto/Roboto-Italic.ttf'),
};

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function reportHtml(report) {
  // Each PDF page's text as paragraphs, one section per page; the charts in render order, spread over
  // the content pages (the cover stays text only).
  const pages = report.pages.map((lines) => ({ lines, charts: [] }));
  const contentPages = Math.max(1, pages.length - 1);
  report.charts.forEach((_, i) => {
    const page = 1 + Math.floor((i * contentPages) / report.charts.length);
    pages[Math.min(page, pages.length - 1)].charts.push(i);
  });
  const body = pages
    .map(
      (p, n) =>
        `<section class="page">${n === 0 ? '<h1>' + escapeHtml(p.lines[0] ?? '') + '</h1>' : ''}${p.lines
          .slice(n === 0 ? 1 : 0)
          .map((l) => `<p>${escapeHtml(l)}</p>`)
          .join('')}${p.charts.map((i) => `<div class="chart" id="chart${i}"></div>`).join('')}</section>`,
    )
    .join('\n');
  const data = JSON.stringify({ specs: report.specs, config: report.config, vegaLocale: report.vegaLocale, charts: report.charts }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${report.locale}"><head><meta charset="utf-8"><title>report</title>
<style>
@font-face { font-family: Roboto; font-weight: 400; src: url(/fonts/Roboto-Regular.ttf); }
@font-face { font-family: Roboto; font-weight: 700; src: url(/fonts/Roboto-Medium.ttf); }
@font-face { font-family: Roboto; font-style: italic; src: url(/fonts/Roboto-Italic.ttf); }
@page { size: A4; margin: 20mm 20mm 22mm 20mm; }
body { font-family: Roboto, sans-serif; font-size: 9.5pt; color: #333; line-height: 1.3; }
h1 { font-size: 21pt; color: #1F4E5F; }
.page { break-after: page; }
p { margin: 0 0 2pt; }
.chart { margin: 6pt 0 10pt; break-inside: avoid; }
</style>
<script src="/lib/vega.min.js"></script>
<script src="/lib/vega-lite.min.js"></script>
<script src="/lib/vega-embed.min.js"></script>
</head><body>
${body}
<script>
const report = ${data};
window.__done = Promise.all(report.charts.map(async (chart, i) => {
  // The named datasets go in as Vega-Lite's top-level "datasets", the params as their values: the
  // usual way to hand data to vega-embed, and the chart is laid out once with its data.
  const spec = structuredClone(report.specs[chart.name]);
  spec.datasets = chart.data;
  for (const param of spec.params ?? []) if (param.name in chart.params) param.value = chart.params[param.name];
  const result = await vegaEmbed('#chart' + i, spec, {
    renderer: 'svg', actions: false, config: report.config,
    formatLocale: report.vegaLocale.number, timeFormatLocale: report.vegaLocale.time,
  });
  await result.view.runAsync();
  if (!document.querySelector('#chart' + i + ' svg')) throw new Error('chart ' + i + ' did not draw');
})).then(() => document.querySelectorAll('.chart svg').length);
</script>
</body></html>`;
}

async function main() {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const html = reportHtml(report);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/report.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const file = FILES[path];
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    const type = path.endsWith('.js') ? 'text/javascript' : 'font/ttf';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/report.html`;

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext();
  const renderOne = async () => {
    const page = await context.newPage();
    try {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: 'load' });
      const drawn = await page.evaluate('window.__done');
      if (drawn !== report.charts.length) throw new Error(`drew ${drawn} of ${report.charts.length} charts ${errors.join('; ')}`);
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await page.close();
    }
  };
  try {
    if (mode === 'cold') {
      const pdf = await renderOne();
      if (outPath) writeFileSync(outPath, pdf);
      process.stdout.write(`${JSON.stringify({ bytes: pdf.byteLength, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length, sinceDriverStartMs: performance.now() - started })}\n`);
    } else {
      for (let i = 0; i < 2; i++) await renderOne();
      const times = [];
      let pdf;
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        pdf = await renderOne();
        times.push(performance.now() - t);
      }
      if (outPath) writeFileSync(outPath, pdf);
      process.stdout.write(`${JSON.stringify({ bytes: pdf.byteLength, times })}\n`);
    }
  } finally {
    await context.close();
    await browser.close();
    server.close();
  }
}

await main();
