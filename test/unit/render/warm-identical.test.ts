/**
 * The render keeps work between reports in one process (fontkit fonts parsed once with their glyph cache
 * emptied per document, each chart spec parsed to a vega runtime once, vega locale formatters, Roboto's
 * advance widths for vega's text measurement; see docs/benchmarks.md). None of it may change a byte: a report
 * rendered by a warm process, after reports in the other language and with other data, must equal the same
 * report rendered by a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../functions/core/report/index.ts';
import { exampleMetrics, exampleSettings } from '../report/fixtures.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

function cleanRender(locale: 'sv' | 'en'): Buffer {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/unit/render/render-once.ts', locale], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return Buffer.from(out, 'base64');
}

describe('a warm render process', () => {
  it('gives the bytes of a clean render in a fresh process, after reports in another language and with other data', { timeout: 300_000 }, async () => {
    const fresh = { sv: cleanRender('sv'), en: cleanRender('en') };
    expect(fresh.sv.subarray(0, 5).toString()).toBe('%PDF-');

    // Another client's data first (fewer years, a different name), then English, then the report itself.
    const other = exampleMetrics();
    other.trend = other.trend.slice(-1);
    await renderReport({ metrics: other, settings: { ...exampleSettings('en'), displayName: 'Ångström & Co' }, version: 1 });
    const english = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('en'), version: 3 });
    const swedish = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 3 });

    expect(Buffer.from(swedish).equals(fresh.sv)).toBe(true);
    expect(Buffer.from(english).equals(fresh.en)).toBe(true);
  });
});
