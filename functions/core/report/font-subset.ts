/**
 * A report's TrueType font subsets, written as fontkit writes them but without its generic table encoder.
 *
 * pdfkit embeds each font a document uses as a subset: fontkit's `TTFSubset.encode` collects the used glyphs and
 * writes a TTF of nine tables (head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm) through restructure, which
 * sizes and writes every field of every table one value at a time, the hinting tables' thousands of bytes
 * included, and decodes each glyph's whole outline only to learn whether it is a composite. Per subset only
 * three things change: which glyphs (glyf, loca, hmtx), the glyph count (maxp, hhea) and the table offsets.
 *
 * So the first subset a process writes for a font is fontkit's own; from its bytes we keep, per font, the tables
 * that never change and the two that only take the glyph count. Every later subset is laid out the same way
 * directly: the glyphs' bytes copied from the font file (a composite's component ids renumbered as fontkit does),
 * loca and hmtx written from the same values fontkit reads. The bytes are fontkit's, byte for byte:
 * test/unit/render/font-subset.test.ts compares them on random glyph sets of every shipped font.
 *
 * Only a plain glyf font takes this path; a CFF font or a variable font keeps fontkit's own encode.
 */

/** The parts of a fontkit TrueType font a subset is written from (fontkit 2's own fields). */
interface TrueTypeFont {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  loca: { version: number; offsets: number[] };
  _variationProcessor?: unknown;
  getGlyph(id: number): SubsetGlyph;
  createSubset(): TrueTypeSubset;
}

interface SubsetGlyph {
  advanceWidth: number;
  _getMetrics(): { leftBearing: number };
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
}

interface TrueTypeSubset {
  glyphs: number[];
  cff?: unknown;
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

/** Where hhea keeps numberOfMetrics and maxp numGlyphs (both uint16, OpenType spec). */
const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;
const DIRECTORY_HEADER = 12;
const TABLE_RECORD = 16;

/** One font's subset layout, taken from the first subset fontkit wrote for it. */
interface SubsetLayout {
  /** Table tags in fontkit's order. */
  tags: string[];
  /** The tables no subset changes (and head, hhea and maxp, patched per subset), as fontkit encoded them. */
  fixed: Map<string, Uint8Array>;
  glyfOffset: number;
  longLoca: boolean;
}

const PER_GLYPH_TABLES = new Set(['loca', 'glyf', 'hmtx']);
const installed = new WeakSet<object>();

/**
 * Makes every subset of this (shared) fontkit font write itself directly after the first. Fonts that are not
 * plain glyf TrueType fonts are left alone.
 */
export function installDirectSubsets(fontObject: object): void {
  if (installed.has(fontObject)) return;
  const font = fontObject as TrueTypeFont;
  const tables = font.directory?.tables;
  if (!tables?.glyf || !tables.loca || tables['CFF '] || tables.CFF2 || font._variationProcessor || typeof font.createSubset !== 'function') return;
  installed.add(fontObject);
  const createSubset = font.createSubset;
  let layout: SubsetLayout | undefined;
  font.createSubset = function (this: TrueTypeFont) {
    const subset = createSubset.call(this);
    if (subset.cff != null) return subset;
    const fontkitEncode = subset.encode;
    subset.encode = function (this: TrueTypeSubset) {
      if (layout) return encodeSubset(font, this, layout);
      const bytes = fontkitEncode.call(this);
      layout = layoutOf(bytes, font);
      return bytes;
    };
    return subset;
  };
}

/** Reads the table directory of a subset fontkit wrote and keeps what every subset of the font shares. */
function layoutOf(bytes: Uint8Array, font: TrueTypeFont): SubsetLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(4);
  const tags: string[] = [];
  const fixed = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const record = DIRECTORY_HEADER + i * TABLE_RECORD;
    const tag = String.fromCharCode(bytes[record]!, bytes[record + 1]!, bytes[record + 2]!, bytes[record + 3]!);
    tags.push(tag);
    if (PER_GLYPH_TABLES.has(tag)) continue;
    const offset = view.getUint32(record + 8);
    fixed.set(tag, copyOf(bytes, offset, offset + view.getUint32(record + 12)));
  }
  return { tags, fixed, glyfOffset: font.directory.tables.glyf!.offset, longLoca: font.loca.version !== 0 };
}

/** fontkit's TTFSubset.encode, with its own table order and values, written straight into one buffer. */
function encodeSubset(font: TrueTypeFont, subset: TrueTypeSubset, layout: SubsetLayout): Uint8Array {
  const file = font.stream.buffer;
  const fileView = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const fontOffsets = font.loca.offsets;
  const starts: number[] = [];
  const lengths: number[] = [];
  const composites = new Map<number, Uint8Array>();
  const advances: number[] = [];
  const bearings: number[] = [];
  // The glyph list grows while it is read: a composite's components are included as they are met, as fontkit does.
  for (let index = 0; index < subset.glyphs.length; index++) {
    const id = subset.glyphs[index]!;
    const glyph = font.getGlyph(id);
    const start = layout.glyfOffset + fontOffsets[id]!;
    const length = fontOffsets[id + 1]! - fontOffsets[id]!;
    // A glyph's record starts with its contour count; below zero it is a composite (OpenType glyf).
    if (length > 0 && fileView.getInt16(start) < 0) {
      const copy = copyOf(file, start, start + length);
      const copyView = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
      for (const component of glyph._decode()?.components ?? []) copyView.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      composites.set(index, copy);
    }
    starts.push(start);
    lengths.push(length);
    advances.push(glyph.advanceWidth);
    bearings.push(glyph._getMetrics().leftBearing);
  }
  const glyphCount = starts.length;
  const glyfLength = lengths.reduce((sum, length) => sum + length, 0);
  const sizes = new Map<string, number>([
    ['loca', (glyphCount + 1) * (layout.longLoca ? 4 : 2)],
    ['glyf', glyfLength],
    ['hmtx', glyphCount * 4],
  ]);
  const sizeOf = (tag: string) => sizes.get(tag) ?? layout.fixed.get(tag)!.length;
  const dataStart = DIRECTORY_HEADER + layout.tags.length * TABLE_RECORD;
  const total = layout.tags.reduce((sum, tag) => sum + sizeOf(tag), dataStart);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  // The directory as fontkit writes it: tag "true", search fields from the table count, checksums left at 0.
  const count = layout.tags.length;
  const power = 2 ** Math.floor(Math.log2(count));
  out.set([0x74, 0x72, 0x75, 0x65]);
  view.setUint16(4, count);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, count * 16 - power * 16);
  let offset = dataStart;
  layout.tags.forEach((tag, i) => {
    const record = DIRECTORY_HEADER + i * TABLE_RECORD;
    for (let k = 0; k < 4; k++) out[record + k] = tag.charCodeAt(k);
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, sizeOf(tag));
    writeTable(tag, offset);
    offset += sizeOf(tag);
  });
  return out;

  function writeTable(tag: string, at: number): void {
    if (tag === 'glyf') {
      let position = at;
      for (let i = 0; i < glyphCount; i++) {
        const composite = composites.get(i);
        if (composite) out.set(composite, position);
        else out.set(file.subarray(starts[i]!, starts[i]! + lengths[i]!), position);
        position += lengths[i]!;
      }
    } else if (tag === 'loca') {
      let glyphOffset = 0;
      for (let i = 0; i <= glyphCount; i++) {
        if (layout.longLoca) view.setUint32(at + i * 4, glyphOffset);
        else view.setUint16(at + i * 2, glyphOffset >>> 1);
        glyphOffset += lengths[i] ?? 0;
      }
    } else if (tag === 'hmtx') {
      for (let i = 0; i < glyphCount; i++) {
        view.setUint16(at + i * 4, advances[i]!);
        view.setInt16(at + i * 4 + 2, bearings[i]!);
      }
    } else {
      out.set(layout.fixed.get(tag)!, at);
      if (tag === 'hhea') view.setUint16(at + HHEA_NUMBER_OF_METRICS, glyphCount);
      if (tag === 'maxp') view.setUint16(at + MAXP_NUM_GLYPHS, glyphCount);
    }
  }
}

/** A copy of part of the bytes: a Buffer's own `slice` is a view, and the font file must never be written to. */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end);
}
