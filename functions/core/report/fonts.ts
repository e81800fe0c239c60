/**
 * Fonts for pdfmake and for the SVG charts (same family name). Roboto comes from pdfmake's
 * build/vfs_fonts.js: base64 inside a JS module, so an esbuild bundle carries it with no file
 * access at run time. Loaded on the first render, not at import.
 */
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

async function register(): Promise<void> {
  const { default: vfs } = await import('pdfmake/build/vfs_fonts.js');
  // The server build reads fonts from its own virtual file system; the typings only expose it for browsers.
  const virtualfs = (pdfmake as unknown as { virtualfs: VirtualFileSystem }).virtualfs;
  for (const file of Object.values(FILES)) {
    const base64 = vfs[`${file}.ttf`];
    if (typeof base64 !== 'string') throw new Error(`pdfmake's vfs_fonts has no ${file}.ttf`);
    virtualfs.writeFileSync(file, Buffer.from(base64, 'base64'));
  }
  pdfmake.setFonts({ [FONT_FAMILY]: { ...FILES } });
  // Everything the report needs is in memory: no network, no local files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
}
