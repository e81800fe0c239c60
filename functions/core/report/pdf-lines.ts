/**
 * A line of text drawn as one text object per run of words, instead of one per word.
 *
 * pdfmake's `Renderer.prototype.renderLine` draws each word (inline) of a line on its own: the opacity and
 * the fill colour (`/Gs… gs`, `cs`, `scn`, `f`), then pdfkit's text, which wraps the word in
 * `q 1 0 0 -1 0 <height> cm BT <Tm> <Tf> <TJ> ET Q`. The words of a line almost always share all of that.
 * For a plain line (no link, destination, outline, page reference, decoration, background, character spacing
 * or font features: anything else is drawn by pdfmake's own renderLine) the words are drawn here in the same
 * order with the same pdfkit calls (each word straight to `_fragment`, where pdfkit's `text` ends), except that
 * the opacity and colour are set again only when they change, and the words between two such changes are
 * written into one text object (`joinTextObjects` in
 * pdf-streams.ts): one `q … cm BT`, each word's own `Tm` (absolute, so every glyph lands where it did), a `Tf`
 * when the font or size changes, its `TJ`, and one `ET Q`. The whole line lies inside the one marked-content
 * sequence pdf-tagging.ts opens around it.
 *
 * test/unit/render/joined-lines.test.ts compares every glyph (font, size, colour, opacity, marked content,
 * position) of documents drawn both ways.
 */
import { endTextObject, joinTextObjects, streamWritingInstalled } from './pdf-streams.ts';

/** The parts of pdfmake's inline (one word and its style) that renderLine reads. */
interface Inline {
  text: string;
  x: number;
  width: number;
  height?: number;
  font: { ascender: number };
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  sup?: unknown;
  sub?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  characterSpacing?: unknown;
  fontFeatures?: unknown;
  background?: unknown;
  decoration?: unknown;
  _pageNodeRef?: unknown;
}

interface Line {
  inlines: Inline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

/** pdfmake's document (pdfkit's, extended), the calls renderLine makes. */
interface LineDocument {
  opacity(opacity: number): unknown;
  fill(color: unknown): unknown;
  resolveColor(color: unknown, defaultColor: unknown): unknown;
  fontSize(size: number): unknown;
  text(text: string, x: number, y: number, options: object): unknown;
  _fragment(text: string, x: number, y: number, options: object): unknown;
  _textOptions?: unknown;
  _font: unknown;
  x: number;
  y: number;
}

interface RendererInstance {
  pdfDocument: LineDocument;
}

const JOINED = Symbol('effekt.joinedLines');
let wordByWord = false;

/** Runs `render` with every line drawn by pdfmake's own renderLine, word by word: the reference the tests compare with. */
export async function withWordByWordLines<T>(render: () => Promise<T>): Promise<T> {
  wordByWord = true;
  try {
    return await render();
  } finally {
    wordByWord = false;
  }
}

type RenderLine = (this: RendererInstance, line: Line, x?: number, y?: number) => unknown;

/** Whether pdfmake's renderLine would draw nothing for `line` but its words' text (see the module comment). */
function isPlain(line: Line): boolean {
  if (line._outline || line._pageNodeRef || line.id || !Array.isArray(line.inlines)) return false;
  for (const inline of line.inlines) {
    if (inline.link != null || inline.linkToPage || inline.linkToDestination || inline._pageNodeRef || inline.fontFeatures || inline.characterSpacing || inline.background || inline.decoration) return false;
    if (typeof inline.text !== 'string' || typeof inline.fontSize !== 'number' || typeof inline.font?.ascender !== 'number') return false;
  }
  return true;
}

/** Replaces `renderer.renderLine` (pdfmake's Renderer prototype) once; throws if pdfmake's is gone. */
export function installLineDrawing(renderer: Record<string, unknown>): void {
  const renderLine = renderer.renderLine as RenderLine & { [JOINED]?: true };
  if (typeof renderLine !== 'function') throw new Error('pdfmake changed: Renderer#renderLine is gone (see pdf-lines.ts)');
  if (renderLine[JOINED]) return;
  const joined: RenderLine & { [JOINED]?: true } = function (this: RendererInstance, line: Line, x?: number, y?: number) {
    if (wordByWord || !streamWritingInstalled() || !isPlain(line)) return renderLine.call(this, line, x, y);
    drawPlainLine(this.pdfDocument, line, x || 0, y || 0);
    return undefined;
  };
  joined[JOINED] = true;
  renderer.renderLine = joined;
}

const wordOptions = { lineBreak: false, textWidth: 0, characterSpacing: undefined, wordCount: 1, link: undefined };

/** pdfmake's renderLine for a plain line (its loop, the same calls in the same order), words joined per run. */
function drawPlainLine(doc: LineDocument, line: Line, x: number, y: number): void {
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  let runOpacity = Number.NaN;
  let runColor: unknown;
  joinTextObjects(doc, () => {
    for (const inline of line.inlines) {
      const shiftToBaseline = lineHeight - (inline.font.ascender / 1000) * inline.fontSize - descent;
      const opacity = typeof inline.opacity === 'number' || inline.opacity instanceof Number ? Number(inline.opacity) : 1;
      const color = doc.resolveColor(inline.color, 'black');
      // Opacity and colour are graphics state, set outside the text object (pdfkit's fill also paints, `f`).
      if (opacity !== runOpacity || typeof color !== 'string' || color !== runColor) {
        endTextObject();
        doc.opacity(opacity);
        doc.fill(color);
        runOpacity = opacity;
        runColor = color;
      }
      doc._font = inline.font;
      doc.fontSize(inline.fontSize);
      const wordX = x + inline.x;
      const wordY = offsetText(y + shiftToBaseline, inline);
      if (doc._textOptions || inline.text.includes('\n')) {
        doc.text(inline.text, wordX, wordY, { lineBreak: false, textWidth: inline.width, characterSpacing: inline.characterSpacing, wordCount: 1, link: inline.link });
      } else {
        // What pdfkit's text → _text → _line does for one unwrapped line, but for moving doc.x past the word, which
        // measures the word again: nothing reads doc.x (every text drawn gives its own x).
        doc.x = wordX;
        doc.y = wordY;
        // renderLine's options for the word; _fragment reads them only while it runs. A plain line's words have
        // no character spacing and no link.
        wordOptions.textWidth = inline.width;
        doc._fragment(inline.text, wordX, wordY, wordOptions);
      }
    }
  });
}

/** pdfmake's offsetText: a superscript or subscript's baseline. */
function offsetText(y: number, inline: Inline): number {
  let shifted = y;
  if (inline.sup) shifted -= inline.fontSize * 0.75;
  if (inline.sub) shifted += inline.fontSize * 0.35;
  return shifted;
}
