/**
 * The templates' words come shaped from the build (report-templates/fonts/glyph-runs.json, glyph-runs-data.ts), so a
 * new render process starts with them in its glyph run cache. The file must be what the tool makes from today's
 * templates, fonts and fontkit, and a font seeded from it must give fontkit's own runs and glyph cache in any
 * document, word after word, as the unseeded font does.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { create, } from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import { fontFile, layout, observable, pdfkitRun, pdfkitScale, type Run } from './glyph-run-observable.ts';
import { cacheGlyphRuns, fontFingerprint, prepareFace, scaledRun, type PreparedFace } from '../../../functions/core/report/glyph-runs.ts';
import { forgetGlyphs, preparedFor } from '../../../functions/core/report/shared-fonts.ts';
import { PREPARED_FACES, preparedGlyphRunsJson, templateVocabulary } from '../../../functions/core/report/tools/glyph-runs-data.ts';

const FILE = new URL('../../../report-templates/fonts/glyph-runs.json', import.meta.url);

// Template words, ligatures (fi, ff), figures, a minus sign, non-breaking spaces, code points sharing a glyph
// (U+2126/U+03A9, U+2206/U+0394), a soft hyphen (shaped to an invisible space) and words no template has.
const WORDS = ['Effekt', 'Effekt ', 'för ', 'ledarskap', 'officiell ', 'fick', 'fjärde', 'n\u00a0=\u00a012', '\u22120,73', 'Ω', '\u2126', 'Δx', '\u2206', 'åäö ', 'Ångström', 'av\u00adslut', 'EFFEKTRAPPORT', '(HME) ', '2024–', 'Sammanfattning', 'zzz ', 'AVTAL'];

describe('the glyph runs prepared at build time', () => {
  it('are what `npm run glyph-runs` makes from the templates, fonts and fontkit of today', { timeout: 120_000 }, () => {
    // Stale? Run `npm run glyph-runs` and commit report-templates/fonts/glyph-runs.json.
    expect(readFileSync(FILE, 'utf8') === preparedGlyphRunsJson()).toBe(true);
  });

  it('cover the templates\' words in the upright faces, each font\'s by its fingerprint', () => {
    const file = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, PreparedFace>;
    const vocabulary = templateVocabulary();
    expect(vocabulary).toContain('Sammanfattning');
    expect(vocabulary).toContain('EFFEKTRAPPORT ');
    for (const face of PREPARED_FACES) {
      expect(file[face]!.fingerprint).toBe(fontFingerprint(fontFile(face)));
      expect(file[face]!.words.split('\n').length).toBeGreaterThan(vocabulary.length * 0.99);
    }
  });

  for (const face of ['Roboto-Regular', 'Roboto-MediumItalic']) {
    it(`give fontkit's own runs and glyph cache in any order of words, document after document (${face})`, () => {
      const ttf = fontFile(face);
      const prepared = prepareFace(create(ttf), ttf, WORDS);
      // Stored and read back as the file is.
      const stored = JSON.parse(JSON.stringify(prepared)) as PreparedFace;
      fc.assert(
        fc.property(fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (documents, scaled) => {
          const seeded = create(ttf);
          const plain = create(ttf);
          cacheGlyphRuns(seeded, stored);
          const scale = pdfkitScale(plain);
          for (const words of documents) {
            forgetGlyphs(seeded);
            forgetGlyphs(plain);
            for (const word of words) {
              const got = scaled ? ((scaledRun(seeded, word, scale) as unknown as Run | undefined) ?? pdfkitRun(seeded, layout(seeded, word))) : layout(seeded, word);
              const want = scaled ? pdfkitRun(plain, layout(plain, word)) : layout(plain, word);
              expect(observable(seeded, got), word).toEqual(observable(plain, want));
            }
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('answer prepared words without shaping them', () => {
    const ttf = fontFile('Roboto-Regular');
    const font = create(ttf);
    cacheGlyphRuns(font, prepareFace(create(ttf), ttf, ['ledarskap', 'Effekt ']));
    forgetGlyphs(font);
    // fontkit's run and position classes come from one shaping on a scratch glyph cache.
    expect(layout(font, 'ledarskap').glyphs.length).toBe(9);
    expect(Object.keys(font._glyphs).length).toBe(9);
    const engine = (font as unknown as { _layoutEngine: { layout: (...args: unknown[]) => unknown } })._layoutEngine;
    const shaping = vi.spyOn(engine, 'layout');
    layout(font, 'Effekt ');
    expect(shaping).not.toHaveBeenCalled();
    layout(font, 'okänt');
    expect(shaping).toHaveBeenCalledTimes(1);
  });

  it('are not used for other font bytes', () => {
    const regular = fontFile('Roboto-Regular');
    const prepared = prepareFace(create(regular), regular, ['ledarskap']);
    expect(preparedFor(regular, prepared)).toBe(prepared);
    expect(preparedFor(fontFile('Roboto-Medium'), prepared)).toBeUndefined();
    expect(preparedFor(regular, undefined)).toBeUndefined();
  });
});
