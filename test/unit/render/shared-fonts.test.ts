/**
 * shared-fonts.ts relies on one private detail of fontkit: a font caches its glyph objects in `_glyphs`, by
 * glyph id, and emptying that object is all it takes for the next document to build its glyphs afresh. These
 * tests fail loudly when an upgrade changes that, before reports start depending on the ones before them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { robotoDirectory } from '../../../functions/core/report/fonts.ts';
import { forgetGlyphs } from '../../../functions/core/report/shared-fonts.ts';

const installed = (name: string) => (JSON.parse(readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('the fontkit glyph cache shared-fonts.ts empties', () => {
  it('is the fontkit the sharing was written against', () => {
    // Upgrading? Re-read fontkit's TTFFont (getGlyph, _glyphs, layout) and run warm-identical.test.ts, then update this.
    expect(installed('fontkit')).toBe('2.0.4');
  });

  it('keeps glyphs in _glyphs by id, and builds new ones once it is emptied', () => {
    const font = create(readFileSync(join(robotoDirectory(), 'Roboto-Regular.ttf')));
    const [glyph] = font.layout('å').glyphs as { id: number; codePoints: number[] }[];
    expect(glyph!.codePoints).toEqual(['å'.codePointAt(0)]);
    expect(font._glyphs[glyph!.id]).toBe(glyph);
    expect(font.layout('å').glyphs[0]).toBe(glyph);

    forgetGlyphs(font);
    expect(font._glyphs).toEqual({});
    const fresh = font.layout('å').glyphs[0];
    expect(fresh).not.toBe(glyph);
    expect(font._glyphs[glyph!.id]).toBe(fresh);
  });
});
