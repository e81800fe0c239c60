/**
 * pdf-lines.ts draws the words of a plain line as one text object per run instead of one per word. The bytes
 * change; what is drawn may not: every glyph (character, font, size, colour, opacity, marked-content sequence)
 * must land where pdfmake's own renderLine puts it, read back from both PDFs with pdfjs (test/helpers/pdf-glyphs.ts),
 * and the structure tree and links must be the same. Checked on the example report and on random lines mixing
 * fonts, sizes, colours, opacities, superscripts and the styles that take pdfmake's own path (links,
 * decorations, backgrounds, character spacing).
 */
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFonts } from '../../../functions/core/report/fonts.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { withWordByWordLines } from '../../../functions/core/report/pdf-lines.ts';
import { installStreamWriting } from '../../../functions/core/report/pdf-streams.ts';
import { installTagging } from '../../../functions/core/report/pdf-tagging.ts';
import { installStyleLookup } from '../../../functions/core/report/style-lookup.ts';
import { FONT_FAMILY } from '../../../functions/core/report/theme.ts';
import { firstGlyphDifference, pdfGlyphs } from '../../helpers/pdf-glyphs.ts';
import { readStructure } from '../../helpers/pdf-structure.ts';
import { exampleMetrics, exampleSettings } from '../report/fixtures.ts';

/** The text objects (`BT`) of a PDF's compressed streams. */
function textObjects(pdf: Uint8Array): number {
  const bytes = Buffer.from(pdf);
  let count = 0;
  for (let at = bytes.indexOf('stream\n'); at !== -1; at = bytes.indexOf('stream\n', at + 1)) {
    const end = bytes.indexOf('endstream', at);
    try {
      const text = inflateSync(bytes.subarray(at + 7, end)).toString('latin1');
      count += text.split('\nBT\n').length - 1;
    } catch {
      // Not a deflated stream (or not a stream at all: "endstream" also contains "stream").
    }
  }
  return count;
}

/** `arbitrary`'s value once in `every` draws, else null. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: every - 1 }, { arbitrary, weight: 1 });
}

describe('lines drawn as one text object per run', () => {
  beforeAll(async () => {
    await ensureFonts();
    installTagging();
    installStyleLookup();
    installStreamWriting();
  });

  it('draw every glyph of the report where word-by-word drawing does, with the same structure and links', { timeout: 120_000 }, async () => {
    const input = { metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 3 };
    const joined = await renderReport(input);
    const wordByWord = await withWordByWordLines(() => renderReport(input));
    expect(Buffer.from(joined).equals(Buffer.from(wordByWord))).toBe(false);
    // Fewer text objects than words: the joined path was taken for most lines.
    expect(textObjects(joined)).toBeLessThan(textObjects(wordByWord) / 2);

    const [glyphs, reference] = await Promise.all([pdfGlyphs(joined), pdfGlyphs(wordByWord)]);
    expect(reference.length).toBeGreaterThan(10_000);
    expect(firstGlyphDifference(glyphs, reference)).toBeUndefined();
    expect(await readStructure(joined)).toEqual(await readStructure(wordByWord));
  });

  it('draw every glyph of any mix of styled words where word-by-word drawing does', { timeout: 120_000 }, async () => {
    const style = fc.record({
      bold: fc.boolean(),
      italics: fc.boolean(),
      fontSize: fc.constantFrom(7, 9.5, 10.5, 21),
      color: fc.constantFrom('#1e2a32', '#2f3d45', 'red', undefined),
      opacity: fc.constantFrom(1, 0.5, undefined),
    });
    // Most words take their paragraph's style (so that runs form); some change it, or take pdfmake's own path.
    const word = fc.record({
      text: fc.constantFrom('Effekt', 'ledare', 'å', 'Ü', 'rater', '42 %', '–', 'fi', 'AVA', 'x'),
      own: rarely(style, 4),
      sup: rarely(fc.constantFrom('sup' as const, 'sub' as const), 8),
      other: rarely(fc.constantFrom<object>({ decoration: 'underline' }, { background: '#eeeeee' }, { characterSpacing: 1 }, { link: 'https://example.com' }), 30),
    });
    const paragraph = fc.record({ style, words: fc.array(word, { minLength: 1, maxLength: 40 }), alignment: fc.constantFrom('left' as const, 'justify' as const, 'right' as const, 'center' as const) });
    let joinedObjects = 0;
    let wordObjects = 0;
    const styled = ({ bold, italics, fontSize, color, opacity }: { bold: boolean; italics: boolean; fontSize: number; color: string | undefined; opacity: number | undefined }) => ({ bold, italics, fontSize, ...(color ? { color } : {}), ...(opacity !== undefined ? { opacity } : {}) });
    await fc.assert(
      fc.asyncProperty(fc.array(paragraph, { minLength: 1, maxLength: 6 }), fc.boolean(), async (paragraphs, tagged) => {
        const content: Content[] = paragraphs.map(({ style, words, alignment }) => ({
          alignment,
          ...styled(style),
          text: words.map(({ text, own, sup, other }) => ({ text: `${text} `, ...(own ? styled(own) : {}), ...(sup ? { [sup]: true } : {}), ...(other ?? {}) })),
        }));
        const definition: TDocumentDefinitions = { content, tagged, defaultStyle: { font: FONT_FAMILY }, info: { creationDate: new Date('2026-01-01T00:00:00Z') } };
        const render = async () => new Uint8Array(await pdfmake.createPdf(definition).getBuffer());
        const joined = await render();
        const wordByWord = await withWordByWordLines(render);
        const [glyphs, reference] = await Promise.all([pdfGlyphs(joined), pdfGlyphs(wordByWord)]);
        expect(glyphs.length).toBeGreaterThan(0);
        expect(firstGlyphDifference(glyphs, reference)).toBeUndefined();
        joinedObjects += textObjects(joined);
        wordObjects += textObjects(wordByWord);
      }),
      { numRuns: 25 },
    );
    // The runs did form: the joined path was taken, not only pdfmake's own.
    expect(joinedObjects).toBeLessThan(wordObjects * 0.8);
  });
});
