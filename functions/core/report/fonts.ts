/**
 * Fonts for pdfmake and for the SVG charts (same family name). Roboto is pdfmake's build/fonts/Roboto
 * TTFs, read once per process on the first render (not at import): next to the bundle in the render
 * Lambda (infra copies them to fonts/Roboto, see renderAssets in infra/effekt-stack.ts), from the
 * pdfmake package when run from source. They are byte-identical to pdfmake's build/vfs_fonts.js, which
 * this module used before: that file put the fonts as base64 into the bundle, so every cold start parsed
 * it and kept the strings on the heap.
 *
 * Each font is parsed by fontkit once per process, not once per document: pdfmake's virtual files hold a
 * 5-byte key instead of the TTF, and a fontkit format registered here answers that key with the process's
 * font object (tables such as GSUB/GPOS/glyf decode once). Its glyph cache is emptied each time a document
 * opens it: a cached glyph keeps the code points it was first reached by (they go into the PDF's ToUnicode
 * map), so a document must see only glyphs made for it, and the bytes never depend on earlier reports.
 * Everything else fontkit keeps per font is decoded font data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, registerFormat, type Font, type FontFormat } from 'fontkit';
import pdfmake from 'pdfmake';
import { FONT_FAMILY } from './theme.ts';

interface VirtualFileSystem {
  writeFileSync(name: string, content: Buffer): void;
}

/**
 * Virtual file name → the file in vfs_fonts. Each name is the font's PostScript name on purpose: SVG text
 * (svg-to-pdfkit) asks pdfkit for the font by this name, and pdfkit finds it among the fonts pdfmake already
 * opened for the body text (cached under the PostScript name) instead of looking for a file on disk.
 */
const FILES = {
  normal: 'Roboto-Regular',
  bold: 'Roboto-Medium',
  italics: 'Roboto-Italic',
  bolditalics: 'Roboto-MediumItalic',
} as const;

let registered: Promise<void> | undefined;

export function ensureFonts(): Promise<void> {
  registered ??= register().catch((error: unknown) => {
    registered = undefined;
    throw error;
  });
  return registered;
}

/** fonts/Roboto next to the bundle (Lambda), else pdfmake's own copy (source, tests). */
export function robotoDirectory(): string {
  const besideBundle = join(dirname(fileURLToPath(import.meta.url)), 'fonts', 'Roboto');
  if (existsSync(join(besideBundle, `${FILES.normal}.ttf`))) return besideBundle;
  try {
    return join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');
  } catch (error) {
    throw new Error(`Roboto not found: neither ${besideBundle} nor the pdfmake package`, { cause: error });
  }
}

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

/** A fontkit "format" whose files are keys: opening one hands out the process's font object with an empty glyph cache. */
class ProcessFont {
  static probe(buffer: Uint8Array): boolean {
    return processFonts[indexOfKey(buffer)] !== undefined;
  }

  constructor(stream: { buffer: Uint8Array }) {
    const font = processFonts[indexOfKey(stream.buffer)]!;
    font._glyphs = {};
    // A constructor may return another object: pdfkit gets the shared font.
    return font as unknown as ProcessFont;
  }
}

/**
 * In a bundle pdfkit's ESM build and this module share fontkit's ESM build: one registry. Run from source
 * (tests, CLI), pdfmake requires pdfkit's CommonJS build, which requires fontkit's CommonJS build: register there too.
 */
function registerEverywhere(format: FontFormat): void {
  registerFormat(format);
  // Bundled (index.mjs), the bundle's pdfkit uses the fontkit imported here; do not load node_modules' copy.
  if (!import.meta.url.endsWith('.ts')) return;
  let commonJs: { registerFormat: (format: FontFormat) => void } | undefined;
  try {
    const fromPdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake/package.json'));
    commonJs = createRequire(fromPdfmake.resolve('pdfkit'))('fontkit') as typeof commonJs;
  } catch {
    // no pdfmake package beside the sources: nothing else to register with
  }
  if (commonJs && commonJs.registerFormat !== registerFormat) commonJs.registerFormat(format);
}

async function register(): Promise<void> {
  const directory = robotoDirectory();
  // The server build reads fonts from its own virtual file system; the typings only expose it for browsers.
  const virtualfs = (pdfmake as unknown as { virtualfs: VirtualFileSystem }).virtualfs;
  if (processFonts.length === 0) registerEverywhere(ProcessFont as unknown as FontFormat);
  Object.values(FILES).forEach((file, index) => {
    processFonts[index] = create(readFileSync(join(directory, `${file}.ttf`)));
    virtualfs.writeFileSync(file, keyFor(index));
  });
  pdfmake.setFonts({ [FONT_FAMILY]: { ...FILES } });
  // Everything the report needs is in memory: no network, no local files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
}
