/**
 * Fonts for pdfmake and for the SVG charts (same family name). Roboto is pdfmake's build/fonts/Roboto
 * TTFs, read once per process on the first render (not at import): next to the bundle in the render
 * Lambda (infra copies them to fonts/Roboto, see renderAssets in infra/effekt-stack.ts), from the
 * pdfmake package when run from source. They are byte-identical to pdfmake's build/vfs_fonts.js, which
 * this module used before: that file put the fonts as base64 into the bundle, so every cold start parsed
 * it and kept the strings on the heap.
 *
 * Each font is parsed by fontkit once per process, not once per document (shared-fonts.ts), and the templates' words
 * come shaped from the build (report-templates/fonts/glyph-runs.json, glyph-runs.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pdfmake from 'pdfmake';
import type { PreparedFace } from './glyph-runs.ts';
import { shareFonts } from './shared-fonts.ts';
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

/**
 * The templates' words shaped at build time per face (`npm run glyph-runs`): fonts/glyph-runs.json next to the bundle
 * (Lambda; infra copies report-templates/fonts), else report-templates/fonts from source. Without it every word is
 * shaped at run time, as before: the same bytes, more time.
 */
function preparedGlyphRuns(): Partial<Record<string, PreparedFace>> {
  const besideBundle = join(dirname(fileURLToPath(import.meta.url)), 'fonts', 'glyph-runs.json');
  const inSource = fileURLToPath(new URL('../../../report-templates/fonts/glyph-runs.json', import.meta.url));
  const file = [besideBundle, inSource].find((path) => existsSync(path));
  if (!file) return {};
  // Written by tools/make-glyph-runs.ts and checked against it by a test; shareFonts checks each face's font fingerprint.
  const prepared = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(prepared).filter((entry): entry is [string, PreparedFace] => isPreparedFace(entry[1])));
}

function isPreparedFace(value: unknown): value is PreparedFace {
  if (value === null || typeof value !== 'object') return false;
  const face = value as Partial<Record<keyof PreparedFace, unknown>>;
  return typeof face.fingerprint === 'string' && Array.isArray(face.runs) && typeof face.chars === 'string' && typeof face.words === 'string';
}

async function register(): Promise<void> {
  const directory = robotoDirectory();
  // The server build reads fonts from its own virtual file system; the typings only expose it for browsers.
  const virtualfs = (pdfmake as unknown as { virtualfs: VirtualFileSystem }).virtualfs;
  const files = Object.values(FILES);
  const prepared = preparedGlyphRuns();
  const keys = shareFonts(
    files.map((file) => readFileSync(join(directory, `${file}.ttf`))),
    files.map((file) => prepared[file]),
  );
  files.forEach((file, index) => virtualfs.writeFileSync(file, keys[index]!));
  pdfmake.setFonts({ [FONT_FAMILY]: { ...FILES } });
  // Everything the report needs is in memory: no network, no local files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
}
