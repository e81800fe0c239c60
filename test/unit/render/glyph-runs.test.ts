/**
 * glyph-runs.ts answers a shared font's `layout(word)` from a process-wide cache. Its runs must be the runs
 * fontkit itself gives in the same document state: same glyph objects, positions, script, direction and
 * features, and the same glyphs left in the font's per-document glyph cache (their code points go into the
 * PDF's ToUnicode map). Compared here against a second, uncached copy of the font driven through the same
 * documents.
 */
import { readFileSync } from 'node:fs';
import { create, } from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import { fontFile, layout, observable, pdfkitRun, pdfkitScale, type Run } from './glyph-run-observable.ts';
import { cacheGlyphRuns, scaledRun } from '../../../functions/core/report/glyph-runs.ts';
import { forgetGlyphs } from '../../../functions/core/report/shared-fonts.ts';


// Words a report has (Swedish letters, figures, ligature candidates, a minus sign, non-breaking spaces), and the
// two code points Roboto maps to one glyph each (U+2126/U+03A9, U+2206/U+0394), in either order.
const DOCUMENTS = [
  ['Effekt', 'för', 'ledarskap', 'officiell', 'fjärde', 'n\u00a0=\u00a012', '\u22120,73', 'Ω', 'Δ', 'åäö', 'Ångström'],
  ['\u2126', 'Ω', '\u2206x', 'Δ', 'officiell', 'Effekt', 'n\u00a0=\u00a012', 'flera'],
  ['Ω', '\u2126', 'Δx', '\u2206', 'fjärde', 'åäö', 'flera', 'ledarskap'],
];

describe('the process-wide glyph run cache', () => {
  it('is the fontkit it was written against', () => {
    // Upgrading? Re-read fontkit's TTFFont.layout/getGlyph, GlyphRun and GlyphPosition against glyph-runs.ts.
    const installed = JSON.parse(readFileSync(new URL('../../../node_modules/fontkit/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(installed.version).toBe('2.0.4');
  });

  for (const face of ['Roboto-Regular', 'Roboto-MediumItalic']) {
    it(`gives fontkit's own runs and glyph cache, document after document (${face})`, () => {
      const cachedFont = create(fontFile(face));
      const plainFont = create(fontFile(face));
      cacheGlyphRuns(cachedFont);
      for (const words of DOCUMENTS) {
        forgetGlyphs(cachedFont);
        forgetGlyphs(plainFont);
        for (const word of words) {
          expect(observable(cachedFont, layout(cachedFont, word)), word).toEqual(observable(plainFont, layout(plainFont, word)));
        }
      }
    });
  }

  for (const face of ['Roboto-Regular', 'Roboto-MediumItalic']) {
    it(`gives pdfkit's scaled runs (EmbeddedFont.layoutRun) and glyph cache, document after document (${face})`, () => {
      const cachedFont = create(fontFile(face));
      const plainFont = create(fontFile(face));
      cacheGlyphRuns(cachedFont);
      const scale = pdfkitScale(plainFont);
      for (const words of [...DOCUMENTS, ...DOCUMENTS]) {
        forgetGlyphs(cachedFont);
        forgetGlyphs(plainFont);
        for (const word of words) {
          const run = (scaledRun(cachedFont, word, scale) as unknown as Run | undefined) ?? pdfkitRun(cachedFont, layout(cachedFont, word));
          expect(observable(cachedFont, run), word).toEqual(observable(plainFont, pdfkitRun(plainFont, layout(plainFont, word))));
        }
      }
      expect(scaledRun(cachedFont, 'ledarskap', scale)).toBeDefined();
      expect(scaledRun(cachedFont, 'never shaped', scale)).toBeUndefined();
    });
  }

  it('answers a repeated word without shaping it again, and shapes it again when a glyph holds other code points', () => {
    const font = create(fontFile('Roboto-Regular'));
    cacheGlyphRuns(font);
    const engine = (font as unknown as { _layoutEngine: { layout: (...args: unknown[]) => unknown } })._layoutEngine;
    const shaping = vi.spyOn(engine, 'layout');
    layout(font, 'ledarskap');
    layout(font, 'Ω');
    expect(shaping).toHaveBeenCalledTimes(2);
    forgetGlyphs(font);
    const again = layout(font, 'ledarskap');
    expect(shaping).toHaveBeenCalledTimes(2);
    expect(again.glyphs.every((g) => font._glyphs[g.id] === g)).toBe(true);
    // The glyph of Ω first reached through U+2126 in this document: the cached U+03A9 run does not apply.
    layout(font, '\u2126');
    const omega = layout(font, 'Ω');
    expect(shaping).toHaveBeenCalledTimes(4);
    expect(omega.glyphs[0]!.codePoints).toEqual([0x2126]);
  });

  it('leaves calls with features, script or direction to fontkit', () => {
    const font = create(fontFile('Roboto-Regular'));
    cacheGlyphRuns(font);
    const engine = (font as unknown as { _layoutEngine: { layout: (...args: unknown[]) => unknown } })._layoutEngine;
    const shaping = vi.spyOn(engine, 'layout');
    (font.layout as (text: string, features: string[]) => unknown)('officiell', ['smcp']);
    (font.layout as (text: string, features: string[]) => unknown)('officiell', ['smcp']);
    expect(shaping).toHaveBeenCalledTimes(2);
  });
});
