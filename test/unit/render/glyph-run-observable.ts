/** What the glyph-run tests compare: a font's runs and glyph cache as fontkit itself leaves them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Font } from 'fontkit';
import { robotoDirectory } from '../../../functions/core/report/fonts.ts';

export interface Run {
  glyphs: { id: number; codePoints: number[] }[];
  positions: object[];
  script: unknown;
  language: unknown;
  direction: unknown;
  features: object;
  advanceWidth: number;
}

export const fontFile = (name: string) => readFileSync(join(robotoDirectory(), `${name}.ttf`));
export const layout = (font: Font, text: string) => font.layout(text) as unknown as Run;

/** Everything of a run and of the font's glyph cache a PDF can depend on. */
export function observable(font: Font, run: Run) {
  return {
    glyphs: run.glyphs.map((g) => ({ id: g.id, codePoints: [...g.codePoints], cached: font._glyphs[g.id] === g })),
    positions: run.positions.map((p) => ({ ...p })),
    positionKeys: run.positions.map((p) => Object.keys(p)),
    script: run.script,
    language: run.language,
    direction: run.direction,
    features: run.features,
    advanceWidth: run.advanceWidth,
    glyphCache: Object.entries(font._glyphs as Record<string, { codePoints: number[] }>).map(([id, g]) => [id, [...g.codePoints]]),
  };
}

/** pdfkit's scale from font units to its 1000-unit em. */
export const pdfkitScale = (font: Font) => 1000 / (font as unknown as { unitsPerEm: number }).unitsPerEm;

/** pdfkit 0.19.1's layoutRun of a run: every field of each position times the scale, then the glyph's advance width. */
export function pdfkitRun(font: Font, run: Run): Run {
  const scale = pdfkitScale(font);
  run.positions.forEach((position, i) => {
    const fields = position as Record<string, number>;
    for (const key in fields) fields[key]! *= scale;
    fields.advanceWidth = (run.glyphs[i] as unknown as { advanceWidth: number }).advanceWidth * scale;
  });
  return run;
}
