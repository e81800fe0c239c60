/**
 * pdfkit's content streams written into one byte buffer each instead of one Buffer per operator.
 *
 * pdfkit writes every drawing operator of a page (`BT`, `1 0 0 1 72 700 Tm`, `[<0041> 0] TJ`, …) into the
 * page's content stream as its own small Buffer (`PDFReference.write`: `Buffer.from(chunk + '\n', 'binary')`),
 * and joins them when the stream ends. A report writes very many of them, each an object for the collector.
 * Here a reference copies the text it is given straight into a growing byte buffer (outside the JS heap) until
 * a binary chunk comes or the stream ends, so each operator string dies young instead of living until the page
 * ends (with a small young generation, whatever lives across a scavenge is copied). Latin-1 ('binary') encodes
 * each UTF-16 unit as one byte, so the bytes, their order and every length pdfkit records are the same.
 *
 * The operators pdfkit writes most (a word's text, its colour, its transform) are built without the arrays,
 * per-glyph strings and joins pdfkit's own code makes for them (`installOperatorWriting`, below); the strings
 * written are the same.
 *
 * `installStreamWriting()` finds pdfkit's PDFReference through the pdfkit class pdfmake's document extends,
 * checks that `write` and `finalize` are there and throws if not; test/unit/render/pdf-streams.test.ts pins
 * pdfkit's version and compares the documents both versions write.
 */
import { deflateSync } from 'node:zlib';
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';

interface Reference {
  buffer: Uint8Array[] | Uint8Array;
  uncompressedLength: number;
  compress: boolean;
  data: { Length?: number; Filter?: string };
  document: { _security?: unknown };
  write(chunk: unknown): void;
  [PENDING]?: Pending;
}

/** A stream's text since its last binary chunk: `length` Latin-1 bytes at the start of `bytes`. */
interface Pending {
  bytes: Buffer;
  length: number;
}

interface ReferencePrototype {
  write(this: Reference, chunk: unknown): void;
  finalize(this: Reference): void;
}

type DocumentClass = new (options: object) => { ref(data?: object): Reference };

const PENDING = Symbol('effekt.pendingText');
/** First size of a stream's text buffer; it doubles as needed (a page's content is some tens of KB). */
const FIRST_CAPACITY = 16 * 1024;
/**
 * zlib level for the PDF's streams (pages, fonts, metadata). Below the default (6) deflate is much faster for a
 * slightly larger file; docs/benchmarks.md ("Seventh pass") has the measured time and size at each level.
 */
export const STREAM_DEFLATE_LEVEL = 1;
/** Texts up to this length are copied into a stream's bytes by a loop rather than by Buffer#write. */
const SHORT_TEXT = 64;

/** pdfkit's document class, as pdfmake's own document extends it (the same module instance pdfmake renders with). */
function pdfkitDocumentClass(): DocumentClass {
  const module = pdfmakeDocumentModule as { default?: unknown };
  const pdfmakeDocument = (module.default ?? module) as { prototype?: object };
  const pdfkit = typeof pdfmakeDocument === 'function' ? (Object.getPrototypeOf(pdfmakeDocument) as unknown) : undefined;
  if (typeof pdfkit !== 'function' || typeof (pdfkit.prototype as { ref?: unknown }).ref !== 'function') {
    throw new Error('pdfmake changed: pdfmake/js/PDFDocument.js no longer extends pdfkit’s PDFDocument (see pdf-streams.ts)');
  }
  return pdfkit as DocumentClass;
}

/** pdfkit's PDFReference prototype, from a reference of a document that is never written. */
export function referencePrototype(): ReferencePrototype {
  const PdfKitDocument = pdfkitDocumentClass();
  const probe = new PdfKitDocument({ autoFirstPage: false, font: null }).ref();
  const prototype = Object.getPrototypeOf(probe) as Partial<ReferencePrototype>;
  const shaped = Array.isArray(probe.buffer) && probe.uncompressedLength === 0 && typeof prototype.write === 'function' && typeof prototype.finalize === 'function';
  if (!shaped) throw new Error('pdfkit changed: PDFReference.write / finalize / buffer are not what pdf-streams.ts expects');
  return prototype as ReferencePrototype;
}

function flush(reference: Reference): void {
  const pending = reference[PENDING];
  if (pending === undefined) return;
  reference[PENDING] = undefined;
  (reference.buffer as Uint8Array[]).push(pending.bytes.subarray(0, pending.length));
}

/** Appends `text` and a line feed as Latin-1 ('binary': one byte per UTF-16 unit, as pdfkit's Buffer.from). */
function append(reference: Reference, text: string): void {
  const pending = reserve(reference, text.length + 1);
  const bytes = pending.bytes;
  let at = pending.length;
  // Most operators are a few dozen characters, for which Buffer#write's call costs more than the copy: a
  // Uint8Array element keeps the low byte of each UTF-16 unit, exactly what 'latin1' writes.
  if (text.length <= SHORT_TEXT) {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
    at += text.length;
  } else at += bytes.write(text, at, 'latin1');
  bytes[at] = 0x0a;
  pending.length = at + 1;
}

/** Room for `needed` more bytes in the reference's text buffer; the caller writes from `pending.length`. */
function reserve(reference: Reference, needed: number): Pending {
  let pending = reference[PENDING];
  if (pending === undefined) {
    pending = { bytes: Buffer.allocUnsafe(Math.max(FIRST_CAPACITY, needed)), length: 0 };
    reference[PENDING] = pending;
  } else if (pending.length + needed > pending.bytes.length) {
    const grown = Buffer.allocUnsafe(Math.max(pending.bytes.length * 2, pending.length + needed));
    pending.bytes.copy(grown, 0, 0, pending.length);
    pending.bytes = grown;
  }
  return pending;
}

/** What the replaced `write` records for text of `written` bytes (line feeds included), after it was put at `pending.length`. */
function commit(reference: Reference, pending: Pending, at: number): void {
  const written = at - pending.length;
  pending.length = at;
  reference.uncompressedLength += written;
  if (reference.data.Length == null) reference.data.Length = 0;
  reference.data.Length += written;
  if (reference.compress) reference.data.Filter = 'FlateDecode';
}

/** Writes an ASCII text at `at`; returns the end. */
function putText(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** Longest text `putNumber` writes: a sign, 15 digits, a point (String() of anything longer is written as is). */
const NUMBER_BYTES = 32;

/**
 * `String(number(n))` written as bytes: pdfkit's rounding to 6 decimals, then JavaScript's shortest
 * round-trip form, which for a value k / 10^6 with |k| < 10^15 (at most 15 significant digits) is that
 * decimal itself, trailing zeros dropped (a double holds any 15-digit decimal exactly enough to give it back).
 */
export function putNumber(bytes: Uint8Array, at: number, n: number): number {
  if (!(n > -1e21 && n < 1e21)) throw new Error(`unsupported number: ${n}`);
  const k = Math.round(n * 1e6);
  if (!(k > -1e15 && k < 1e15)) return putText(bytes, at, String(k / 1e6));
  let a = k;
  if (a < 0) {
    bytes[at++] = 0x2d;
    a = -a;
  }
  const whole = Math.floor(a / 1e6);
  let fraction = a - whole * 1e6;
  if (whole === 0) bytes[at++] = 0x30;
  else {
    let digits = 0;
    for (let rest = whole; rest > 0; rest = Math.floor(rest / 10)) digits++;
    let rest = whole;
    for (let d = digits - 1; d >= 0; d--) {
      bytes[at + d] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    at += digits;
  }
  if (fraction !== 0) {
    bytes[at++] = 0x2e;
    let digits = 6;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    for (let d = digits - 1; d >= 0; d--) {
      bytes[at + d] = 0x30 + (fraction % 10);
      fraction = Math.floor(fraction / 10);
    }
    at += digits;
  }
  return at;
}

/** `1 0 0 1 ${number(x)} ${number(y)} Tm`, straight into a content stream's bytes. */
function moveTo(content: Reference, x: number, y: number): void {
  const pending = reserve(content, 2 * NUMBER_BYTES + 16);
  const bytes = pending.bytes;
  let at = putText(bytes, pending.length, '1 0 0 1 ');
  at = putNumber(bytes, at, x);
  bytes[at++] = 0x20;
  at = putNumber(bytes, at, y);
  commit(content, pending, putText(bytes, at, ' Tm\n'));
}

const HEX_DIGITS = '0123456789abcdef';
/** `0000${gid.toString(16)}`.slice(-4) as bytes. */
function putGlyphHex(bytes: Uint8Array, at: number, gid: number): number {
  bytes[at] = HEX_DIGITS.charCodeAt((gid >>> 12) & 15);
  bytes[at + 1] = HEX_DIGITS.charCodeAt((gid >>> 8) & 15);
  bytes[at + 2] = HEX_DIGITS.charCodeAt((gid >>> 4) & 15);
  bytes[at + 3] = HEX_DIGITS.charCodeAt(gid & 15);
  return at + 4;
}

let installed = false;
/** Whether `installStreamWriting` has run (text objects are joined only through its `_fragment`). */
export function streamWritingInstalled(): boolean {
  return installed;
}
/** The replaced PDFReference#write: only a reference written through it may be written to directly. */
let installedWrite: ReferencePrototype['write'] | undefined;

/** Replaces PDFReference's write and finalize, and pdfkit's busiest operators, once per process. Throws if pdfkit changed them. */
export function installStreamWriting(): void {
  if (installed) return;
  const prototype = referencePrototype();
  const write = prototype.write;
  const finalize = prototype.finalize;
  prototype.write = function (this: Reference, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    // What pdfkit's write does for text: `chunk + '\n'` (the same conversion of a non-string), then 'binary'.
    const text = typeof chunk === 'string' ? chunk : (chunk as string) + '';
    this.uncompressedLength += text.length + 1;
    if (this.data.Length == null) this.data.Length = 0;
    append(this, text);
    this.data.Length += text.length + 1;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  prototype.finalize = function (this: Reference) {
    flush(this);
    // pdfkit deflates at zlib's default level; the report's streams are deflated faster (STREAM_DEFLATE_LEVEL), then
    // pdfkit's finalize writes them as it would have (an unencrypted stream: the report sets no password).
    const chunks = this.buffer;
    if (this.compress && Array.isArray(chunks) && chunks.length > 0 && !this.document._security) {
      this.buffer = [deflateSync(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { level: STREAM_DEFLATE_LEVEL })];
      this.compress = false;
    }
    finalize.call(this);
  };
  installedWrite = prototype.write;
  installOperatorWriting(pdfkitDocumentClass());
  installColorResolving(pdfkitDocumentClass());
  installed = true;
}

interface GlyphLike {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface PositionLike {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface RunLike {
  glyphs: GlyphLike[];
  positions: PositionLike[];
}
/** pdfkit's EmbeddedFont, the parts `_fragment` uses. */
interface EmbeddedFontLike {
  id: string;
  ascender: number;
  descender: number;
  xHeight: number;
  scale: number;
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  subset: { includeGlyph(id: number): number };
  layoutCache?: object;
  layoutCached(text: string): RunLike;
  ref(): unknown;
}
interface TextOptions {
  width?: number;
  align?: string;
  wordSpacing?: number;
  characterSpacing?: number;
  horizontalScaling?: number;
  baseline?: number | string;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
  underline?: unknown;
  strike?: unknown;
  oblique?: unknown;
  stroke?: unknown;
  features?: unknown;
}
type Color = unknown;
interface DocumentPrototype {
  _ctm: number[];
  _font: EmbeddedFontLike;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown>; content?: Reference };
  spotColors: Record<string, unknown>;
  addContent(data: string): DocumentPrototype;
  save(): unknown;
  restore(): unknown;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): DocumentPrototype;
  _fragment(text: unknown, x: number, y: number, options: TextOptions): void;
  _text(text: unknown, x: unknown, y: unknown, options: unknown, lineCallback: unknown): DocumentPrototype;
  _line(text: string, options: object): void;
  _textOptions?: object | null;
  x: number;
  y: number;
  _normalizeColor(color: Color): unknown;
  _setColorCore(color: Color, stroke: boolean): boolean;
  _setColorSpace(space: string, stroke: boolean): unknown;
}

/**
 * pdfmake's `resolveColor` asks pdfkit to parse a colour (`_normalizeColor`, which builds two arrays) only to
 * see whether it is valid, for every word it draws. pdfkit's parser accepts any string that starts with '#'
 * (it never returns null for one), so such a colour is returned as it is without parsing; anything else is
 * left to pdfmake. Throws if pdfmake's document no longer has `resolveColor`.
 */
function installColorResolving(PdfKitDocument: DocumentClass): void {
  const module = pdfmakeDocumentModule as { default?: { prototype?: ColorResolving } } & { prototype?: ColorResolving };
  const prototype = module.default?.prototype ?? module.prototype;
  const normalizeColor = (PdfKitDocument.prototype as unknown as ColorResolving)._normalizeColor;
  const resolveColor = prototype?.resolveColor;
  if (!prototype || typeof resolveColor !== 'function' || typeof normalizeColor !== 'function') throw new Error('pdfmake changed: PDFDocument#resolveColor or pdfkit’s _normalizeColor is gone (see pdf-streams.ts)');
  prototype.resolveColor = function (this: ColorResolving, color: unknown, defaultColor: unknown) {
    const chosen = color || defaultColor;
    if (typeof chosen === 'string' && chosen.charCodeAt(0) === 0x23 && this._normalizeColor === normalizeColor) return chosen;
    return resolveColor.call(this, color, defaultColor);
  };
}

interface ColorResolving {
  _normalizeColor(color: unknown): unknown;
  resolveColor(color: unknown, defaultColor: unknown): unknown;
}

/**
 * pdfkit's PDFPage#write, checked on a page of a document that is never written: what it is given must land in
 * the page's content stream (`addContent` → `page.write` → `page.content.write`), as text after what came before.
 */
function probePageWrite(PdfKitDocument: DocumentClass): unknown {
  const doc = new PdfKitDocument({ autoFirstPage: false, font: null }) as unknown as { addPage(): unknown; page?: { content?: Reference; write?: (chunk: unknown) => unknown } };
  doc.addPage();
  const page = doc.page;
  const content = page?.content;
  const before = content?.[PENDING]?.length ?? 0;
  page?.write?.('probe');
  const pending = content?.[PENDING];
  const landed = pending !== undefined && pending.length === before + 6 && pending.bytes.subarray(before, before + 6).toString('latin1') === 'probe\n';
  const pageWrite = page === undefined ? undefined : Object.getPrototypeOf(page)?.write;
  if (!landed || typeof pageWrite !== 'function' || Object.hasOwn(page!, 'write')) throw new Error('pdfkit changed: a page no longer writes its content into page.content (see pdf-streams.ts)');
  return pageWrite;
}

/** pdfkit's `PDFObject.number`: how every coordinate is rounded before it is written. */
function number(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** A colour string's operators (`0.2 0.4 0.6 scn`): '#…' and CSS names only, which mean the same in every document. */
const colorOperators = new Map<string, { fill: string; stroke: string }>();

/**
 * A text object left open by `_fragment` inside `joinTextObjects`, so the next word of the line is written into
 * it (its own `Tm`, a `Tf` only when the font or size changes) instead of into a `q … BT … ET Q` of its own.
 */
interface OpenText {
  document: DocumentPrototype;
  content: Reference;
  fontId: string;
  fontSize: number;
}
let joining: DocumentPrototype | undefined;
let openText: OpenText | undefined;

/** Ends the open text object, as `_fragment` ends each word's: `ET`, then the `Q` of its `q`. */
export function endTextObject(): void {
  const open = openText;
  if (open === undefined) return;
  openText = undefined;
  open.document.addContent('ET');
  open.document.restore();
}

/**
 * Runs `draw` with the words `document` draws through `_fragment` joined into one text object while nothing
 * else is written between them (the caller calls `endTextObject` before it writes anything else, e.g. a colour),
 * and ends that object before returning. The glyphs, fonts and positions are those of one object per word: each
 * word still sets its own text matrix (`Tm`, absolute), and the transform and graphics state around the object
 * are those every word's own object had.
 */
export function joinTextObjects(document: object, draw: () => void): void {
  if (joining !== undefined) throw new Error('joinTextObjects is not reentrant');
  joining = document as DocumentPrototype;
  try {
    draw();
  } finally {
    joining = undefined;
    endTextObject();
  }
}

/** Scratch for one fragment's glyphs and their subset ids, reused (one fragment is written at a time). */
const fragmentGlyphs: GlyphLike[] = [];
const fragmentPositions: PositionLike[] = [];
let fragmentGids = new Int32Array(256);

/**
 * pdfkit's `_fragment` for the text pdfmake and the charts write (no width, spacing, decoration, link, features,
 * stroke or skew: anything else goes to pdfkit's own), writing the same operators: the words' runs are read
 * from the font's per-document cache without concatenating them, each glyph's hex code is made once per process,
 * and the `TJ` array is built as one string.
 */
function installOperatorWriting(PdfKitDocument: DocumentClass): void {
  const prototype = PdfKitDocument.prototype as unknown as DocumentPrototype;
  const { _fragment: fragment, transform, _setColorCore: setColorCore, _text: text, addContent } = prototype;
  if (typeof fragment !== 'function' || typeof text !== 'function' || typeof transform !== 'function' || typeof setColorCore !== 'function' || typeof addContent !== 'function' || typeof prototype._normalizeColor !== 'function' || typeof prototype._setColorSpace !== 'function') {
    throw new Error('pdfkit changed: _fragment / transform / _setColorCore / addContent are gone (see pdf-streams.ts)');
  }
  const pageWrite = probePageWrite(PdfKitDocument);

  const last = new Float64Array(6).fill(Number.NaN);
  let lastOperator = '';
  prototype.transform = function (this: DocumentPrototype, m11: number, m12: number, m21: number, m22: number, dx: number, dy: number) {
    if (m11 === 1 && m12 === 0 && m21 === 0 && m22 === 1 && dx === 0 && dy === 0) return this;
    const m = this._ctm;
    const m0 = m[0]!;
    const m1 = m[1]!;
    const m2 = m[2]!;
    const m3 = m[3]!;
    const m4 = m[4]!;
    const m5 = m[5]!;
    m[0] = m0 * m11 + m2 * m12;
    m[1] = m1 * m11 + m3 * m12;
    m[2] = m0 * m21 + m2 * m22;
    m[3] = m1 * m21 + m3 * m22;
    m[4] = m0 * dx + m2 * dy + m4;
    m[5] = m1 * dx + m3 * dy + m5;
    // The same matrix comes again and again (every word flips the page: `1 0 0 -1 0 <height> cm`).
    if (m11 !== last[0] || m12 !== last[1] || m21 !== last[2] || m22 !== last[3] || dx !== last[4] || dy !== last[5]) {
      last[0] = m11;
      last[1] = m12;
      last[2] = m21;
      last[3] = m22;
      last[4] = dx;
      last[5] = dy;
      lastOperator = `${number(m11)} ${number(m12)} ${number(m21)} ${number(m22)} ${number(dx)} ${number(dy)} cm`;
    }
    return this.addContent(lastOperator);
  };

  prototype._setColorCore = function (this: DocumentPrototype, color: Color, stroke: boolean) {
    if (typeof color !== 'string') return setColorCore.call(this, color, stroke);
    let operators = colorOperators.get(color);
    if (operators === undefined) {
      const first = color.charAt(0);
      const normalized = this._normalizeColor(color);
      // A spot colour (per document) or an unknown name: pdfkit's own way.
      if (!Array.isArray(normalized) || normalized.length !== 3 || (first !== '#' && this.spotColors[color] !== undefined)) return setColorCore.call(this, color, stroke);
      const operands = normalized.join(' ');
      operators = { fill: `${operands} scn`, stroke: `${operands} SCN` };
      colorOperators.set(color, operators);
    }
    // pdfkit's _setColorSpace for an RGB colour, then the colour.
    this.addContent(stroke ? '/DeviceRGB CS' : '/DeviceRGB cs');
    this.addContent(stroke ? operators.stroke : operators.fill);
    return true;
  };

  prototype._text = function (this: DocumentPrototype, input: unknown, x: unknown, y: unknown, options: unknown, lineCallback: unknown) {
    // One unwrapped line, as pdfmake and the charts draw each word: pdfkit's own _text copies the options (adding
    // defaults only wrapping and rotation read) and splits the text; the same lines go to the same _line.
    const plain =
      lineCallback === this._line &&
      !this._textOptions &&
      typeof x === 'number' &&
      typeof y === 'number' &&
      options !== null &&
      typeof options === 'object' &&
      Object.getPrototypeOf(options) === Object.prototype &&
      (options as { lineBreak?: unknown }).lineBreak === false &&
      !(options as TextOptions).width &&
      !(options as TextOptions).wordSpacing &&
      (options as { structParent?: unknown }).structParent == null &&
      !(options as { continued?: unknown }).continued &&
      Number((options as { rotation?: unknown }).rotation ?? 0) % 360 === 0;
    if (!plain) return text.call(this, input, x, y, options, lineCallback);
    this.x = x;
    this.y = y;
    const string = input == null ? '' : `${input as string}`;
    if (!string.includes('\n')) this._line(string, options);
    else for (const line of string.split('\n')) this._line(line, options);
    return this;
  };

  let lastFontId = '';
  let lastFontSize = Number.NaN;
  let lastFontOperator = '';
  prototype._fragment = function (this: DocumentPrototype, input: unknown, x: number, y: number, options: TextOptions) {
    const font = this._font;
    const plain =
      !options.width &&
      !options.wordSpacing &&
      !options.characterSpacing &&
      (options.horizontalScaling || 100) === 100 &&
      options.link == null &&
      options.goTo == null &&
      options.destination == null &&
      !options.underline &&
      !options.strike &&
      !options.oblique &&
      !options.stroke &&
      !options.features &&
      font !== null &&
      typeof font === 'object' &&
      typeof font.layoutCached === 'function' &&
      font.layoutCache !== undefined &&
      typeof font.subset?.includeGlyph === 'function';
    const content = this.page?.content;
    // Operators go straight into the page's content stream when addContent would put them there.
    const direct = content !== undefined && content.write === installedWrite && this.addContent === addContent && (this.page as { write?: unknown }).write === pageWrite;
    if (!plain || !direct) {
      endTextObject();
      return fragment.call(this, input, x, y, options);
    }
    let text = `${input as string}`;
    if (text.includes('\n')) text = text.replace(/\n/g, '');
    if (text.length === 0) return;
    let dy: number;
    if (typeof options.baseline === 'number') dy = -options.baseline;
    else {
      switch (options.baseline) {
        case 'svg-middle':
          dy = 0.5 * font.xHeight;
          break;
        case 'middle':
        case 'svg-central':
          dy = 0.5 * (font.descender + font.ascender);
          break;
        case 'bottom':
        case 'ideographic':
          dy = font.descender;
          break;
        case 'alphabetic':
          dy = 0;
          break;
        case 'mathematical':
          dy = 0.5 * font.ascender;
          break;
        case 'hanging':
          dy = 0.8 * font.ascender;
          break;
        default:
          dy = font.ascender;
      }
      dy = (dy / 1000) * this._fontSize;
    }
    const openObject = openText;
    // The open object continues only in the same document's same content stream (a new page has its own).
    const continues = openObject !== undefined && openObject.document === this && openObject.content === content && joining === this;
    if (!continues) endTextObject();
    y = this.page.height - y - dy;
    if (this.page.fonts[font.id] == null) this.page.fonts[font.id] = font.ref();
    if (!continues) {
      this.save();
      this.transform(1, 0, 0, -1, 0, this.page.height);
      this.addContent('BT');
    }
    moveTo(content, x, y);
    if (font.id !== lastFontId || this._fontSize !== lastFontSize) {
      lastFontId = font.id;
      lastFontSize = this._fontSize;
      lastFontOperator = `/${font.id} ${number(this._fontSize)} Tf`;
    }
    if (!continues || openObject.fontId !== font.id || openObject.fontSize !== this._fontSize) this.addContent(lastFontOperator);

    // EmbeddedFont.layout: a run per word (up to and including each space or tab), from the document's cache.
    const glyphs = fragmentGlyphs;
    const positions = fragmentPositions;
    let glyphCount = 0;
    let count = 0;
    for (let last = 0, index = 0; index <= text.length; ) {
      const code = index < text.length ? text.charCodeAt(index) : -1;
      if ((index === text.length && last < index) || code === 0x20 || code === 0x09) {
        const run = font.layoutCached(text.slice(last, ++index));
        for (let k = 0; k < run.glyphs.length; k++) glyphs[glyphCount++] = run.glyphs[k]!;
        for (let k = 0; k < run.positions.length; k++) positions[count++] = run.positions[k]!;
        last = index;
      } else index++;
    }
    // EmbeddedFont.encode: subset ids, widths and ToUnicode code points, in glyph order.
    const gids = fragmentGids.length >= glyphCount ? fragmentGids : (fragmentGids = new Int32Array(glyphCount * 2));
    for (let i = 0; i < glyphCount; i++) {
      const glyph = glyphs[i]!;
      const gid = font.subset.includeGlyph(glyph.id);
      gids[i] = gid;
      if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
      if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
    }

    const scale = this._fontSize / 1000;
    // The TJ arrays, segment by segment (pdfkit's addSegment and flush, inline), each segment `<hex…> adjustment`
    // written as it is made: nothing else is written while an array is open.
    let open = false;
    let last = 0;
    let hadOffset = false;
    let i = 0;
    for (; i <= count; i++) {
      const position = i < count ? positions[i]! : undefined;
      const offset = position !== undefined && (position.xOffset || position.yOffset);
      // Where pdfkit's loop calls flush(i) (an offset glyph, and the end) or addSegment(i + 1) (an adjusted advance).
      const flushHere = position === undefined || offset;
      const segmentEnd = flushHere ? i : position.xAdvance - position.advanceWidth !== 0 ? i + 1 : -1;
      if (!flushHere && hadOffset) {
        moveTo(content, x, y);
        hadOffset = false;
      }
      for (let pass = 0; pass < (offset ? 2 : 1); pass++) {
        const end = pass === 0 ? segmentEnd : i + 1;
        if (end >= 0) {
          if (last < end) {
            const pending = reserve(content, (end - last) * 4 + NUMBER_BYTES + 8);
            const bytes = pending.bytes;
            let at = pending.length;
            bytes[at++] = open ? 0x20 : 0x5b; // ' ' between segments, '[' before the first
            open = true;
            bytes[at++] = 0x3c; // '<'
            for (let k = last; k < end; k++) at = putGlyphHex(bytes, at, gids[k]!);
            bytes[at++] = 0x3e; // '>'
            bytes[at++] = 0x20;
            const before = positions[end - 1]!;
            commit(content, pending, putNumber(bytes, at, -(before.xAdvance - before.advanceWidth)));
          }
          last = end;
        }
        if (flushHere && open) {
          const pending = reserve(content, 8);
          commit(content, pending, putText(pending.bytes, pending.length, '] TJ\n'));
          open = false;
        }
        if (offset && pass === 0) {
          moveTo(content, x + position.xOffset * scale, y + position.yOffset * scale);
          hadOffset = true;
        }
      }
      if (position !== undefined) x += position.xAdvance * scale;
    }
    if (joining === this) {
      if (continues) {
        openObject.fontId = font.id;
        openObject.fontSize = this._fontSize;
      } else openText = { document: this, content, fontId: font.id, fontSize: this._fontSize };
      return;
    }
    this.addContent('ET');
    this.restore();
  };
}
