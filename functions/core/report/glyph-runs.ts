/**
 * Each word shaped by fontkit once per process instead of once per report.
 *
 * What it buys: pdfkit keeps its word cache (`layoutCache`) per document, so every report shaped its whole
 * vocabulary again with the font's GSUB and GPOS tables, although the reports' words repeat from one report
 * to the next. Here the shared fontkit font (shared-fonts.ts) answers `layout(word)` from a process-wide
 * cache of the shaping's result: glyph ids and positions. docs/benchmarks.md has the measured figures.
 *
 * Exactness: a fontkit layout is not a pure function of its text. It asks the font for glyph objects
 * (`getGlyph(id, codePoints)`), which the font caches per document (shared-fonts.ts empties the cache per
 * document); a glyph keeps the code points it was first asked for, which go into the PDF's ToUnicode map, and
 * shaping reads them back (two code points may share a glyph, e.g. U+2126 and U+03A9 in Roboto). So the cache
 * records, with the result, the glyph requests the shaping made (the first per glyph id, in order: the id, the
 * code points passed and the code points of the glyph returned). Answering from the cache replays those
 * requests on the document's glyph cache; if a glyph there holds other code points than when the word was
 * shaped, the word is shaped afresh instead. The requests replayed before the difference are the ones that
 * shaping makes first anyway, so the document's glyphs end as they would have without the cache. Only the
 * plain call pdfkit makes (a string, no features, script, language or direction) is cached.
 *
 * Pinned: test/unit/render/glyph-runs.test.ts (fontkit's version and the GlyphRun shape this relies on, and
 * runs equal to fontkit's own); test/unit/render/warm-identical.test.ts (a warm process gives a fresh one's bytes).
 */
import type { Font } from 'fontkit';
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';

interface Glyph {
  id: number;
  codePoints: number[];
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface GlyphRun {
  glyphs: Glyph[];
  positions: GlyphPosition[];
  script: unknown;
  language: unknown;
  direction: unknown;
  features: Record<string, boolean>;
}

type Layout = (this: Font, text: unknown, ...rest: unknown[]) => GlyphRun;
type GetGlyph = (this: Font, id: number, codePoints?: number[]) => Glyph | null;
type PositionClass = new (xAdvance: number, yAdvance: number, xOffset: number, yOffset: number) => GlyphPosition;

/** One word's shaping, as replayable data. */
interface ShapedWord {
  /** Per request: glyph id, n, the n code points passed, m, the m code points of the glyph returned. */
  requests: Int32Array;
  glyphIds: Int32Array;
  /** xAdvance, yAdvance, xOffset, yOffset per glyph, in font units (pdfkit scales its copy in place). */
  positions: Float64Array;
  script: unknown;
  language: unknown;
  direction: unknown;
  features: Record<string, boolean>;
  runPrototype: object;
  Position: PositionClass;
  /** The positions as pdfkit scales them (`layoutRun`), made once for the process (scaledRun). */
  scaled?: { scale: number; positions: ScaledPosition[] };
}

interface ScaledPosition extends GlyphPosition {
  advanceWidth: number;
}

/**
 * Words kept per font: well above one report's vocabulary, while reports of other clients keep adding their
 * names and figures. When full the cache starts again, which bounds its memory (docs/benchmarks.md).
 */
export const WORDS_PER_FONT = 5_000;

const POSITION_KEYS = ['xAdvance', 'yAdvance', 'xOffset', 'yOffset'];
const cached = new WeakSet<Font>();
const wordsOf = new WeakMap<Font, Map<string, ShapedWord>>();

/**
 * One face's words shaped at build time (tools/make-glyph-runs.ts writes report-templates/fonts/glyph-runs.json),
 * so a new process does not shape the templates' vocabulary with GSUB and GPOS on its first report. Each word was
 * shaped by fontkit with an empty glyph cache, as the first word of a document: replay checks the document's
 * glyphs against it as for a word shaped in this process, and shapes the word afresh where they differ. Stored as
 * text, read into a map on the face's first word: parsing thousands of JSON arrays would cost a cold start more.
 */
export interface PreparedFace {
  /** fontFingerprint of the TTF the words were shaped with: words prepared for other font bytes are not used. */
  fingerprint: string;
  /** The distinct script, language, direction and features of the runs. */
  runs: PreparedRun[];
  /** `codePoint:glyphId:advanceWidth`, comma-separated, for the code points of the words. */
  chars: string;
  /**
   * One line per word: its numbers, a space, the word. Most words: `run,i,dx,i,dx…`, the index into `runs`, then
   * glyph i is the glyph of the word's code point i, advanced by its width plus dx (0 where no i is listed), and
   * the glyphs were asked for by their code points in order, then the space glyph (as fontkit does after shaping).
   * Any other word (a ligature, a mark, an ignorable): `run;n,…` with the glyph count n, n glyph ids, 4n positions,
   * then the requests (as in ShapedWord).
   */
  words: string;
}

export interface PreparedRun {
  script: unknown;
  language: unknown;
  direction: unknown;
  features: Record<string, boolean>;
}

/** A word's shaping as numbers: what a ShapedWord holds apart from its run and classes. */
interface WordData {
  glyphIds: number[];
  positions: number[];
  requests: number[];
}

type Chars = Map<number, readonly [id: number, advance: number]>;

const SPACE = 0x20;

/** Identifies a TTF's bytes cheaply: its length and its head table's checkSumAdjustment (a checksum of the whole file). */
export function fontFingerprint(ttf: Uint8Array): string {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tables = view.getUint16(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (view.getUint32(record) === 0x68656164 /* head */) return `${ttf.byteLength}:${view.getUint32(view.getUint32(record + 8) + 8).toString(16)}`;
  }
  return `${ttf.byteLength}:no-head`;
}

/** The word's line in PreparedFace.words: the short form where it gives the same data, else the full one. */
function encodeWord(chars: Chars, text: string, run: number, word: WordData): string {
  const short = [run];
  const codePoints = Array.from(text, (char) => char.codePointAt(0)!);
  if (codePoints.length === word.glyphIds.length) {
    codePoints.forEach((codePoint, i) => {
      const dx = word.positions[i * 4]! - (chars.get(codePoint)?.[1] ?? Number.NaN);
      if (dx !== 0) short.push(i, dx);
    });
    const decoded = decodeShort(chars, codePoints, short);
    if (decoded && JSON.stringify(decoded) === JSON.stringify(word)) return `${short.join(',')} ${text}`;
  }
  return `${run};${[word.glyphIds.length, ...word.glyphIds, ...word.positions, ...word.requests].join(',')} ${text}`;
}

function decodeShort(chars: Chars, codePoints: number[], short: number[]): WordData | undefined {
  const glyphIds: number[] = [];
  const positions: number[] = [];
  const requests: number[] = [];
  const asked = new Set<number>();
  for (const codePoint of codePoints) {
    const char = chars.get(codePoint);
    if (!char) return undefined;
    const [id, advance] = char;
    glyphIds.push(id);
    positions.push(advance, 0, 0, 0);
    if (!asked.has(id)) requests.push(id, 1, codePoint, 1, codePoint);
    asked.add(id);
  }
  // fontkit asks for the space glyph after shaping (it stands in for default-ignorable code points).
  const space = chars.get(SPACE);
  if (!space) return undefined;
  if (!asked.has(space[0])) requests.push(space[0], 1, SPACE, 1, SPACE);
  for (let k = 1; k < short.length; k += 2) {
    const at = short[k]! * 4;
    if (!(at < positions.length)) return undefined;
    positions[at] = positions[at]! + short[k + 1]!;
  }
  return { glyphIds, positions, requests };
}

function decodeWord(chars: Chars, text: string, numbers: string): { run: number; word: WordData } | undefined {
  const full = numbers.indexOf(';');
  if (full === -1) {
    const short = numbers.split(',').map(Number);
    const word = decodeShort(chars, Array.from(text, (char) => char.codePointAt(0)!), short);
    return word && { run: short[0]!, word };
  }
  const data = numbers.slice(full + 1).split(',').map(Number);
  const count = data[0]!;
  return { run: Number(numbers.slice(0, full)), word: { glyphIds: data.slice(1, 1 + count), positions: data.slice(1 + count, 1 + 5 * count), requests: data.slice(1 + 5 * count) } };
}

function charsOf(face: Pick<PreparedFace, 'chars'>): Chars {
  const chars: Chars = new Map();
  for (const entry of face.chars.split(',')) {
    const [codePoint, id, advance] = entry.split(':').map(Number);
    chars.set(codePoint!, [id!, advance!]);
  }
  return chars;
}

/** Word → its numbers, from PreparedFace.words. */
function linesOf(face: PreparedFace): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of face.words.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) lines.set(line.slice(space + 1), line.slice(0, space));
  }
  return lines;
}

interface Prepared {
  face: PreparedFace;
  shape: Layout;
  /** Read from `face` on the first word asked for. */
  read?: { chars: Chars; lines: Map<string, string> };
  classes?: { runPrototype: object; Position: PositionClass };
}

const preparedOf = new WeakMap<Font, Prepared>();

interface CachingFont extends Font {
  getGlyph: GetGlyph;
  layout: Layout;
}

/**
 * Makes `font.layout(text)` answer repeated words from the process-wide cache (once per font object), and the
 * words of `prepared` (shaped at build time for this font's bytes) as if this process had shaped them already.
 */
export function cacheGlyphRuns(font: Font, prepared?: PreparedFace): void {
  const target = font as CachingFont;
  if (cached.has(font)) return;
  if (Object.hasOwn(target, 'layout') || Object.hasOwn(target, 'getGlyph') || typeof target.layout !== 'function' || typeof target.getGlyph !== 'function') {
    throw new Error('fontkit changed: Font.layout / Font.getGlyph are not the prototype methods glyph-runs.ts expects');
  }
  const shape = target.layout;
  const words = new Map<string, ShapedWord>();
  wordsOf.set(font, words);
  if (prepared) preparedOf.set(font, { face: prepared, shape });
  target.layout = function (this: Font, text: unknown, ...rest: unknown[]): GlyphRun {
    if (typeof text !== 'string' || rest.some((argument) => argument !== undefined)) return shape.call(this, text, ...rest);
    const word = words.get(text) ?? adoptPrepared(target, words, text);
    if (word) {
      const run = replay(target, word);
      if (run) return run;
    }
    const { run, shaped } = record(target, shape, text);
    if (shaped) {
      if (words.size >= WORDS_PER_FONT) words.clear();
      words.set(text, shaped);
    }
    return run;
  };
  cached.add(font);
}

/** Shapes `text` with fontkit, noting the glyph requests; `shaped` is undefined for a run this cache cannot replay. */
function record(font: CachingFont, shape: Layout, text: string): { run: GlyphRun; shaped?: ShapedWord } {
  const getGlyph = font.getGlyph;
  const requests = new Map<number, { passed: number[]; glyph: Glyph | null }>();
  font.getGlyph = function (this: Font, id: number, codePoints: number[] = []) {
    const glyph = getGlyph.call(this, id, codePoints);
    if (!requests.has(id)) requests.set(id, { passed: codePoints, glyph });
    return glyph;
  };
  let run: GlyphRun;
  try {
    run = shape.call(font, text);
  } finally {
    delete (font as Partial<CachingFont>).getGlyph;
  }
  const count = run.glyphs.length;
  if (count === 0 || run.positions.length !== count) return { run };
  const flat: number[] = [];
  for (const [id, { passed, glyph }] of requests) {
    if (!glyph) return { run };
    flat.push(id, passed.length, ...passed, glyph.codePoints.length, ...glyph.codePoints);
  }
  const glyphIds = new Int32Array(count);
  const positions = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    const glyph = run.glyphs[i]!;
    const position = run.positions[i]!;
    // Replay hands out the document's glyph for each id, and positions with exactly these four fields.
    if (font._glyphs[glyph.id] !== glyph || !requests.has(glyph.id)) return { run };
    const keys = Object.keys(position);
    if (keys.length !== 4 || keys.some((key, k) => key !== POSITION_KEYS[k])) return { run };
    glyphIds[i] = glyph.id;
    positions.set([position.xAdvance, position.yAdvance, position.xOffset, position.yOffset], i * 4);
  }
  return {
    run,
    shaped: {
      requests: Int32Array.from(flat),
      glyphIds,
      positions,
      script: run.script,
      language: run.language,
      direction: run.direction,
      features: { ...run.features },
      runPrototype: Object.getPrototypeOf(run) as object,
      Position: run.positions[0]!.constructor as PositionClass,
    },
  };
}

/** The build-time shaping of `text` as a ShapedWord, kept in `words` from then on; undefined if not prepared. */
function adoptPrepared(font: CachingFont, words: Map<string, ShapedWord>, text: string): ShapedWord | undefined {
  const prepared = preparedOf.get(font);
  if (!prepared) return undefined;
  prepared.read ??= { chars: charsOf(prepared.face), lines: linesOf(prepared.face) };
  const numbers = prepared.read.lines.get(text);
  const decoded = numbers === undefined ? undefined : decodeWord(prepared.read.chars, text, numbers);
  const info = decoded && prepared.face.runs[decoded.run];
  if (!decoded || !info) return undefined;
  prepared.classes ??= runClasses(font, words, prepared.shape);
  const word: ShapedWord = {
    glyphIds: Int32Array.from(decoded.word.glyphIds),
    positions: Float64Array.from(decoded.word.positions),
    requests: Int32Array.from(decoded.word.requests),
    script: info.script,
    language: info.language,
    direction: info.direction,
    features: info.features,
    ...prepared.classes,
  };
  if (words.size >= WORDS_PER_FONT) words.clear();
  words.set(text, word);
  return word;
}

/**
 * fontkit's GlyphRun prototype and GlyphPosition class (not exported): from a word this process shaped, else from
 * shaping a space on a scratch glyph cache, so the document's glyph cache (and so its ToUnicode map) is untouched.
 */
function runClasses(font: CachingFont, words: Map<string, ShapedWord>, shape: Layout): { runPrototype: object; Position: PositionClass } {
  for (const word of words.values()) return { runPrototype: word.runPrototype, Position: word.Position };
  const glyphs = font._glyphs;
  font._glyphs = {};
  try {
    const run = shape.call(font, ' ');
    const position = run.positions[0];
    if (!position) throw new Error('fontkit changed: a space shaped to no glyph (see glyph-runs.ts)');
    return { runPrototype: Object.getPrototypeOf(run) as object, Position: position.constructor as PositionClass };
  } finally {
    font._glyphs = glyphs;
  }
}

/**
 * The words of `vocabulary` shaped by `font` (a fontkit font of `ttf`, not cached by cacheGlyphRuns), each as the
 * first word of a document (empty glyph cache), as a PreparedFace. Words whose run replay could not give back, and
 * words with a line break, are left out.
 */
export function prepareFace(font: Font, ttf: Uint8Array, vocabulary: Iterable<string>): PreparedFace {
  const target = font as CachingFont;
  const shape = Object.getPrototypeOf(target).layout as Layout;
  const shaped = new Map<string, ShapedWord>();
  const glyphs = target._glyphs;
  try {
    for (const text of vocabulary) {
      if (text.includes('\n')) continue;
      target._glyphs = {};
      const word = record(target, shape, text).shaped;
      if (word) shaped.set(text, word);
    }
  } finally {
    target._glyphs = glyphs;
  }
  const chars: Chars = new Map();
  const glyphFor = target as unknown as { glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number } };
  for (const text of [' ', ...shaped.keys()]) {
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      if (chars.has(codePoint)) continue;
      const glyph = glyphFor.glyphForCodePoint(codePoint);
      chars.set(codePoint, [glyph.id, glyph.advanceWidth]);
    }
  }
  const runs: PreparedRun[] = [];
  const runIndex = new Map<string, number>();
  const lines: string[] = [];
  for (const [text, word] of shaped) {
    const { script, language, direction, features } = word;
    const key = JSON.stringify({ script, language, direction, features });
    let run = runIndex.get(key);
    if (run === undefined) {
      run = runs.length;
      runs.push({ script, language, direction, features });
      runIndex.set(key, run);
    }
    lines.push(encodeWord(chars, text, run, { glyphIds: [...word.glyphIds], positions: [...word.positions], requests: [...word.requests] }));
  }
  return {
    fingerprint: fontFingerprint(ttf),
    runs,
    chars: [...chars].map(([codePoint, [id, advance]]) => `${codePoint}:${id}:${advance}`).join(','),
    words: lines.join('\n'),
  };
}

/** The document's glyphs for this word, its glyph requests replayed; undefined if a glyph there differs. */
function replayGlyphs(font: CachingFont, word: ShapedWord): Glyph[] | undefined {
  const { requests } = word;
  const glyphCache = font._glyphs as Record<number, Glyph | undefined>;
  for (let at = 0; at < requests.length; ) {
    const id = requests[at]!;
    const passedAt = at + 2;
    const passedLength = requests[at + 1]!;
    const returnedAt = passedAt + passedLength + 1;
    const returnedLength = requests[passedAt + passedLength]!;
    at = returnedAt + returnedLength;
    const glyph = glyphCache[id] ?? font.getGlyph(id, Array.from(requests.subarray(passedAt, passedAt + passedLength)));
    if (!glyph || glyph.codePoints.length !== returnedLength) return undefined;
    for (let k = 0; k < returnedLength; k++) if (glyph.codePoints[k] !== requests[returnedAt + k]) return undefined;
  }
  const { glyphIds } = word;
  const glyphs: Glyph[] = new Array(glyphIds.length);
  for (let i = 0; i < glyphIds.length; i++) glyphs[i] = glyphCache[glyphIds[i]!]!;
  return glyphs;
}

function runOf(word: ShapedWord, glyphs: Glyph[], positions: GlyphPosition[]): GlyphRun {
  const run = Object.create(word.runPrototype) as GlyphRun;
  run.glyphs = glyphs;
  run.positions = positions;
  run.script = word.script;
  run.language = word.language;
  run.direction = word.direction;
  run.features = { ...word.features };
  return run;
}

/** The run fontkit would return for this word in the current document, or undefined if a glyph there differs. */
function replay(font: CachingFont, word: ShapedWord): GlyphRun | undefined {
  const glyphs = replayGlyphs(font, word);
  if (!glyphs) return undefined;
  const { positions: p, Position } = word;
  const positions: GlyphPosition[] = new Array(glyphs.length);
  for (let i = 0; i < glyphs.length; i++) positions[i] = new Position(p[i * 4]!, p[i * 4 + 1]!, p[i * 4 + 2]!, p[i * 4 + 3]!);
  return runOf(word, glyphs, positions);
}

/**
 * What pdfkit's `EmbeddedFont.layoutRun(text)` returns (fontkit's run, each position's four fields times `scale`
 * and its glyph's `advanceWidth` times `scale` added), for a word this font has shaped: the glyphs are the
 * document's, replayed as in `layout`, and the scaled positions are made once for the process and shared, as
 * nothing changes them after layoutRun (pdfkit copies a run's arrays before it adds word spacing). A glyph's
 * advance width is the font's metric for its id, the same in every document. Undefined when the word is not
 * cached or a glyph differs in this document: then pdfkit's own layoutRun shapes it.
 */
export function scaledRun(font: Font, text: string, scale: number): GlyphRun | undefined {
  const words = wordsOf.get(font);
  if (!words) return undefined;
  const word = words.get(text) ?? adoptPrepared(font as CachingFont, words, text);
  if (!word) return undefined;
  const glyphs = replayGlyphs(font as CachingFont, word);
  if (!glyphs) return undefined;
  let scaled = word.scaled;
  if (scaled === undefined || scaled.scale !== scale) {
    const { positions: p, Position } = word;
    const positions: ScaledPosition[] = new Array(glyphs.length);
    for (let i = 0; i < glyphs.length; i++) {
      const position = new Position(p[i * 4]! * scale, p[i * 4 + 1]! * scale, p[i * 4 + 2]! * scale, p[i * 4 + 3]! * scale) as ScaledPosition;
      position.advanceWidth = (glyphs[i] as Glyph & { advanceWidth: number }).advanceWidth * scale;
      positions[i] = position;
    }
    word.scaled = scaled = { scale, positions };
  }
  return runOf(word, glyphs, scaled.positions);
}

/** pdfkit's EmbeddedFont, the part scaledRun stands in for. */
interface EmbeddedFontPrototype {
  layoutRun(this: { font: Font; scale: number }, text: unknown, features?: unknown): GlyphRun;
  layoutCached: unknown;
}

let scaledRunsInstalled = false;

/**
 * Makes pdfkit's `EmbeddedFont.layoutRun` answer from scaledRun. pdfkit does not export the class, so the
 * prototype is taken from the first font pdfmake's document provides (`provideFont`, which every measuring
 * goes through). Throws if pdfmake's document or pdfkit's font changed.
 */
export function installScaledRuns(): void {
  if (scaledRunsInstalled) return;
  const module = pdfmakeDocumentModule as { default?: unknown };
  const documentClass = (module.default ?? module) as { prototype?: { provideFont?: (...args: unknown[]) => unknown } };
  const prototype = documentClass.prototype;
  const provideFont = prototype?.provideFont;
  if (!prototype || typeof provideFont !== 'function') throw new Error('pdfmake changed: PDFDocument.provideFont is gone (see glyph-runs.ts)');
  let patched = false;
  prototype.provideFont = function (this: unknown, ...args: unknown[]) {
    const font = provideFont.apply(this, args);
    if (!patched && font !== null && typeof font === 'object') {
      const fontPrototype = Object.getPrototypeOf(font) as Partial<EmbeddedFontPrototype>;
      const layoutRun = fontPrototype.layoutRun;
      if (typeof layoutRun !== 'function' || typeof fontPrototype.layoutCached !== 'function') throw new Error('pdfkit changed: EmbeddedFont.layoutRun / layoutCached are gone (see glyph-runs.ts)');
      fontPrototype.layoutRun = function (this: { font: Font; scale: number }, text: unknown, features?: unknown) {
        if (features === undefined && typeof text === 'string') {
          const run = scaledRun(this.font, text, this.scale);
          if (run) return run;
        }
        return layoutRun.call(this, text, features);
      };
      patched = true;
    }
    return font;
  };
  scaledRunsInstalled = true;
}
