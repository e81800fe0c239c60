/** Which reader a file needs, from its name, and whether its bytes agree (magic-byte sniffing). */

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'instrument' | 'client' | 'mapping' | 'commentary' | 'program';

export type FormatGuess = { ok: true; format: FileFormat } | { ok: false; extension: string };

export const ACCEPTED_EXTENSIONS = ['.csv', '.txt', '.tsv', '.xlsx', '.json', '.instrument.json', '.client.json', '.mapping.json', '.program.json', 'kommentar.md', 'commentary.md'] as const;

export function formatFromName(fileName: string): FormatGuess {
  const base = (fileName.split('/').pop() ?? fileName).toLowerCase().trim();
  if (base.endsWith('.instrument.json')) return { ok: true, format: 'instrument' };
  if (base.endsWith('.client.json')) return { ok: true, format: 'client' };
  if (base.endsWith('.mapping.json')) return { ok: true, format: 'mapping' };
  if (base.endsWith('.program.json')) return { ok: true, format: 'program' };
  if (base === 'kommentar.md' || base === 'commentary.md') return { ok: true, format: 'commentary' };
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 ? base.slice(dot) : '';
  switch (extension) {
    case '.csv':
    case '.txt':
    case '.tsv':
      return { ok: true, format: 'csv' };
    case '.xlsx':
      return { ok: true, format: 'xlsx' };
    case '.json':
      return { ok: true, format: 'json' };
    default:
      return { ok: false, extension };
  }
}

interface Signature {
  bytes: readonly number[];
  what: string;
}

/** What a consultant most often renames by mistake; the description goes straight into the message. */
const SIGNATURES: readonly Signature[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel workbook or Word document, perhaps)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style Office file (.xls/.doc) or a password-protected workbook' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
];

export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** Names the binary format the bytes carry, or undefined when no known signature matches. */
export function sniffSignature(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => startsWith(bytes, s.bytes))?.what;
}

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

export function isOle2(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]);
}
