/**
 * font-subset.ts writes a font's subsets itself after fontkit wrote the first one. Its bytes must be fontkit's:
 * every glyph set here is encoded by a pristine fontkit font and by one with direct subsets, for every font the
 * report ships, and the two TTFs must be equal byte for byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { installDirectSubsets } from '../../../functions/core/report/font-subset.ts';
import { robotoDirectory } from '../../../functions/core/report/fonts.ts';

interface Subset {
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}
type SubsettingFont = Font & { numGlyphs: number; createSubset(): Subset; getGlyph(id: number): { _decode(): { numberOfContours: number } | null } };

const fontFiles = readdirSync(robotoDirectory()).filter((name) => name.endsWith('.ttf'));

function encoded(font: SubsettingFont, ids: readonly number[]): Buffer {
  const subset = font.createSubset();
  for (const id of ids) subset.includeGlyph(id);
  return Buffer.from(subset.encode());
}

describe.each(fontFiles)('direct subsets of %s', (file) => {
  const bytes = readFileSync(join(robotoDirectory(), file));
  const pristine = create(bytes) as SubsettingFont;
  const direct = create(bytes) as SubsettingFont;
  installDirectSubsets(direct);
  // The first subset of a font is fontkit's own; the direct path starts with the second.
  encoded(direct, [0]);
  const composites = Array.from({ length: pristine.numGlyphs }, (_, id) => id).filter((id) => (pristine.getGlyph(id)._decode()?.numberOfContours ?? 0) < 0);

  it('has composite glyphs to renumber (the test would not cover them otherwise)', () => {
    expect(composites.length).toBeGreaterThan(10);
  });

  it('writes the subset of a Swedish text exactly as fontkit does', () => {
    const ids = (pristine.layout('Ledarskap i förändring – Södertälje, 9,6 av 10 (n = 48). ÅÄÖ åäö é ü “citat”').glyphs as { id: number }[]).map((glyph) => glyph.id);
    expect(encoded(direct, ids).equals(encoded(pristine, ids))).toBe(true);
  });

  it('leaves the font file as it was', () => {
    const before = Buffer.from(bytes);
    encoded(direct, composites.slice(0, 50));
    expect(bytes.equals(before)).toBe(true);
  });

  it('writes any glyph set exactly as fontkit does', () => {
    const anyGlyph = fc.integer({ min: 0, max: pristine.numGlyphs - 1 });
    const anyComposite = fc.constantFrom(...composites);
    fc.assert(
      fc.property(fc.array(fc.oneof(anyGlyph, anyComposite), { maxLength: 300 }), (ids) => {
        expect(encoded(direct, ids).equals(encoded(pristine, ids))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('fonts that direct subsets leave alone', () => {
  it('keeps fontkit encode for a font without glyf outlines', () => {
    const font = { directory: { tables: { 'CFF ': { offset: 0, length: 0 } } }, createSubset: () => ({}) };
    const createSubset = font.createSubset;
    installDirectSubsets(font);
    expect(font.createSubset).toBe(createSubset);
  });
});
