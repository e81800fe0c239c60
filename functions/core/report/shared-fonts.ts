/**
 * Each font parsed by fontkit once per process instead of once per report.
 *
 * What it buys: pdfmake opens its fonts again for every document (`createPdf`), and fontkit then decodes the
 * TTF's tables (cmap, GSUB, GPOS, glyf, …) again. Sharing one fontkit font per file for the whole process
 * takes about a third off the "fonts" phase of a warm render; docs/benchmarks.md ("Where the time of a
 * render goes") has the profiles with and without it.
 *
 * How: pdfmake's virtual files hold a 5-byte key instead of the TTF, and a fontkit format registered here
 * (`registerFormat`, fontkit's public API for formats) answers that key with the process's font object.
 * A font keeps one private cache that depends on the document: `_glyphs`, the glyph objects by id. A cached
 * glyph keeps the code points it was first reached by, and those go into the PDF's ToUnicode map, so the
 * cache is emptied each time a document opens the font: a document sees only glyphs made for it, and its
 * bytes never depend on earlier reports. Everything else fontkit keeps per font is decoded font data. The
 * font's word shaping is kept for the process as well (glyph-runs.ts), replayed on each document's glyph cache.
 *
 * Pinned: test/unit/render/shared-fonts.test.ts fails when fontkit's version or its glyph cache changes;
 * test/unit/render/warm-identical.test.ts checks that a warm process gives the bytes of a fresh one.
 */
import { createRequire } from 'node:module';
import { create, registerFormat, type Font, type FontFormat } from 'fontkit';
import { installDirectSubsets } from './font-subset.ts';
import { cacheGlyphRuns, fontFingerprint, installScaledRuns, type PreparedFace } from './glyph-runs.ts';

/** `EFKT` + an index into `processFonts`: no other fontkit format accepts it (they want a TTF/OTF/WOFF/TTC/DFont header). */
const KEY_TAG = [0x45, 0x46, 0x4b, 0x54];
const processFonts: Font[] = [];

function keyFor(index: number): Buffer {
  return Buffer.from([...KEY_TAG, index]);
}

function indexOfKey(buffer: Uint8Array): number {
  const isKey = buffer.length === KEY_TAG.length + 1 && KEY_TAG.every((byte, i) => buffer[i] === byte);
  return isKey ? buffer[KEY_TAG.length]! : -1;
}

/** Empties the glyph cache of a shared font, so the next document starts as with a freshly parsed one. */
export function forgetGlyphs(font: Font): void {
  font._glyphs = {};
}

/** A fontkit "format" whose files are keys: opening one hands out the process's font object with an empty glyph cache. */
class ProcessFont {
  static probe(buffer: Uint8Array): boolean {
    return processFonts[indexOfKey(buffer)] !== undefined;
  }

  constructor(stream: { buffer: Uint8Array }) {
    const font = processFonts[indexOfKey(stream.buffer)]!;
    forgetGlyphs(font);
    // A constructor may return another object: pdfkit gets the shared font.
    return font as unknown as ProcessFont;
  }
}

/**
 * Registers the format with every fontkit in the process. In a bundle pdfkit and this module share one
 * (fontkit's ESM build). Run from source (tests, CLI), pdfmake requires pdfkit's CommonJS build, which
 * requires fontkit's CommonJS build: that copy is then in Node's CommonJS module cache, which a bundle
 * leaves empty, so nothing extra is ever loaded just to register with it.
 */
function registerEverywhere(format: FontFormat): void {
  registerFormat(format);
  const cache = createRequire(import.meta.url).cache;
  for (const [file, module] of Object.entries(cache)) {
    if (!/[\\/]fontkit[\\/]dist[\\/]main\.cjs$/.test(file)) continue;
    const commonJs = module?.exports as { registerFormat?: (format: FontFormat) => void } | undefined;
    if (commonJs?.registerFormat && commonJs.registerFormat !== registerFormat) commonJs.registerFormat(format);
  }
}

/** `prepared` if it was made from these font bytes, else undefined (a font changed since `npm run glyph-runs`). */
export function preparedFor(ttf: Uint8Array, prepared: PreparedFace | undefined): PreparedFace | undefined {
  return prepared && prepared.fingerprint === fontFingerprint(ttf) ? prepared : undefined;
}

let registered = false;

/**
 * Parses each TTF once for the process and returns, in the same order, the keys to store in pdfmake's virtual
 * files instead of the TTFs. `prepared[i]`: the words shaped at build time for `ttfs[i]` (used only if made from the
 * same bytes). Call after pdfmake is imported (so its fontkit is loaded).
 */
export function shareFonts(ttfs: Uint8Array[], prepared: readonly (PreparedFace | undefined)[] = []): Buffer[] {
  if (!registered) {
    registerEverywhere(ProcessFont as unknown as FontFormat);
    // pdfkit's scaled copy of each word's run is kept for the process too (glyph-runs.ts).
    installScaledRuns();
    registered = true;
  }
  return ttfs.map((ttf, index) => {
    const font = create(ttf);
    // The words the font shapes are kept for the process too (glyph-runs.ts), starting with the words shaped at build
    // time for these very font bytes.
    cacheGlyphRuns(font, preparedFor(ttf, prepared[index]));
    // Its subsets are written directly after the first one fontkit writes (font-subset.ts).
    installDirectSubsets(font);
    processFonts[index] = font;
    return keyFor(index);
  });
}
