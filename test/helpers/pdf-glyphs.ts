/**
 * Every glyph a PDF draws, read back with pdfjs's operator lists: the character, its font and size, fill colour
 * and opacity, the marked-content sequence around it, and where its origin lands on the page (the current
 * transform times the text matrix, advanced glyph by glyph as a viewer does). Two PDFs whose glyph lists are equal
 * look the same as far as their text goes, however their text objects are cut.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { mapPages, readPdf } from './pdf-document.ts';

export interface DrawnGlyph {
  page: number;
  unicode: string;
  /** The glyph's code in its font (what the content stream names). */
  code: number;
  font: string;
  size: number;
  color: string;
  opacity: number;
  /** The open marked-content sequences, outermost first: `tag#MCID`. */
  marked: string;
  x: number;
  y: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

function matrixOf(values: ArrayLike<number>): Matrix {
  return [values[0]!, values[1]!, values[2]!, values[3]!, values[4]!, values[5]!];
}

interface PdfjsGlyph {
  originalCharCode: number;
  unicode: string;
  width: number;
}

interface State {
  ctm: Matrix;
  color: string;
  opacity: number;
  font: string;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  /** Tz / 100. */
  hScale: number;
  rise: number;
}

export async function pdfGlyphs(bytes: Uint8Array): Promise<DrawnGlyph[]> {
  return readPdf(bytes, async (document) => {
    const pages = await mapPages(document, async (page, number) => {
      const glyphs: DrawnGlyph[] = [];
      const list = await page.getOperatorList();
      let state: State = { ctm: [1, 0, 0, 1, 0, 0], color: '#000000', opacity: 1, font: '', size: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0 };
      const stack: State[] = [];
      const marked: string[] = [];
      // The text matrix and line matrix (Td moves from the line's start).
      let tm: Matrix = [1, 0, 0, 1, 0, 0];
      let tlm: Matrix = [1, 0, 0, 1, 0, 0];
      for (let i = 0; i < list.fnArray.length; i++) {
        const fn = list.fnArray[i];
        const args = list.argsArray[i] as unknown[];
        switch (fn) {
          case OPS.save:
            stack.push({ ...state });
            break;
          case OPS.restore:
            state = stack.pop() ?? state;
            break;
          case OPS.transform:
            state.ctm = multiply(state.ctm, matrixOf(args as number[]));
            break;
          case OPS.setFillRGBColor:
            state.color = String(args[0]);
            break;
          case OPS.setGState:
            for (const [key, value] of args[0] as [string, unknown][]) if (key === 'ca') state.opacity = Number(value);
            break;
          case OPS.beginMarkedContent:
            marked.push(String(args[0]));
            break;
          case OPS.beginMarkedContentProps:
            marked.push(`${String(args[0])}#${String(args[1])}`);
            break;
          case OPS.endMarkedContent:
            marked.pop();
            break;
          case OPS.beginText:
            tm = [1, 0, 0, 1, 0, 0];
            tlm = [1, 0, 0, 1, 0, 0];
            break;
          case OPS.setTextMatrix:
            tm = matrixOf(args[0] as ArrayLike<number>);
            tlm = tm;
            break;
          case OPS.moveText:
            tlm = multiply(tlm, [1, 0, 0, 1, Number(args[0]), Number(args[1])]);
            tm = tlm;
            break;
          case OPS.setFont:
            // pdfjs names a font per loaded document (g_d<document>_f<n>): the part after it is the resource name.
            state.font = String(args[0]).replace(/^g_d\d+_/, '');
            state.size = Number(args[1]);
            break;
          case OPS.showText:
          case OPS.showSpacedText: {
            let advance = 0;
            for (const item of args[0] as (PdfjsGlyph | number | null)[]) {
              if (typeof item === 'number') {
                advance -= (item / 1000) * state.size * state.hScale;
                continue;
              }
              if (item === null) continue;
              const at = multiply(state.ctm, multiply(tm, [1, 0, 0, 1, advance, state.rise]));
              glyphs.push({ page: number, unicode: item.unicode, code: item.originalCharCode, font: state.font, size: state.size, color: state.color, opacity: state.opacity, marked: marked.join(' '), x: at[4], y: at[5] });
              // Word spacing applies to a single-byte code 32 only; pdfkit's fonts here are two-byte (Identity-H).
              const word = item.originalCharCode === 32 && item.unicode === ' ' ? state.wordSpacing : 0;
              advance += ((item.width / 1000) * state.size + state.charSpacing + word) * state.hScale;
            }
            tm = multiply(tm, [1, 0, 0, 1, advance, 0]);
            break;
          }
          case OPS.setCharSpacing:
            state.charSpacing = Number(args[0]);
            break;
          case OPS.setWordSpacing:
            state.wordSpacing = Number(args[0]);
            break;
          case OPS.setHScale:
            state.hScale = Number(args[0]) / 100;
            break;
          case OPS.setTextRise:
            state.rise = Number(args[0]);
            break;
        }
      }
      return glyphs;
    });
    return pages.flat();
  });
}

/** The first glyph where two lists differ (a position by more than `tolerance`), or undefined when they agree. */
export function firstGlyphDifference(a: DrawnGlyph[], b: DrawnGlyph[], tolerance = 1e-6): string | undefined {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const g = a[i];
    const h = b[i];
    if (!g || !h) return `glyph ${i}: only in one (${JSON.stringify(g ?? h)})`;
    const same = g.page === h.page && g.unicode === h.unicode && g.code === h.code && g.font === h.font && g.size === h.size && g.color === h.color && g.opacity === h.opacity && g.marked === h.marked;
    if (!same || Math.abs(g.x - h.x) > tolerance || Math.abs(g.y - h.y) > tolerance) return `glyph ${i}: ${JSON.stringify(g)} vs ${JSON.stringify(h)}`;
  }
  return undefined;
}
