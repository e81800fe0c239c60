/**
 * The render keeps work between reports in one process (fontkit fonts parsed once with their glyph cache
 * emptied per document, a vega View per chart and shape laid out again with the next chart's data, vega locale
 * formatters, Roboto's advance widths for vega's text measurement; see docs/benchmarks.md). None of it may change
 * a byte: each report rendered by a warm process, before and after reports in the other language and with other
 * data, category counts and category order, must equal the same report rendered by a fresh process.
 * test/unit/report/chart-reuse.test.ts compares single charts the same way over many inputs.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../functions/core/report/index.ts';
import { exampleMetrics, exampleSettings, otherClientMetrics, otherClientSettings } from '../report/fixtures.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

function cleanRender(which: 'sv' | 'en' | 'other'): Buffer {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/unit/render/render-once.ts', which], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return Buffer.from(out, 'base64');
}

describe('a warm render process', () => {
  it('gives the bytes of a clean render in a fresh process, before and after reports in another language and with other data', { timeout: 300_000 }, async () => {
    const fresh = { sv: cleanRender('sv'), en: cleanRender('en'), other: cleanRender('other') };
    expect(fresh.sv.subarray(0, 5).toString()).toBe('%PDF-');

    // The report (A), another client's (B: fewer years, one rater panel, other means, programmes reversed), English, A again.
    const render = (metrics = exampleMetrics(), settings = exampleSettings('sv'), version = 3) => renderReport({ metrics, settings, version }).then((pdf) => Buffer.from(pdf));
    const first = await render();
    const other = await render(otherClientMetrics(), otherClientSettings(), 1);
    const english = await render(exampleMetrics(), exampleSettings('en'));
    const again = await render();

    expect(first.equals(fresh.sv)).toBe(true);
    expect(other.equals(fresh.other)).toBe(true);
    expect(other.equals(fresh.sv)).toBe(false);
    expect(english.equals(fresh.en)).toBe(true);
    expect(again.equals(fresh.sv)).toBe(true);
  });
});
