/**
 * Bytes to text. Swedish Excel saves "CSV UTF-8" with a BOM and plain "CSV" as Windows-1252, and
 * both arrive in the same folder. A UTF-8 decode that fails is the reliable signal: Windows-1252 text
 * with å ä ö is almost never valid UTF-8, while valid UTF-8 is almost never intended as Windows-1252.
 */

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type DecodeResult =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; reason: 'binary' | 'utf-16-without-bom' | 'utf-32' };

const SNIFF_BYTES = 8192;

export function decodeText(bytes: Uint8Array): DecodeResult {
  // UTF-32 first: its little-endian byte-order mark begins like UTF-16's.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { ok: false, reason: 'utf-32' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: decodeWith('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: decodeWith('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };

  const nulVerdict = classifyNuls(bytes.subarray(0, SNIFF_BYTES));
  if (nulVerdict !== 'none') return { ok: false, reason: nulVerdict };

  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = decodeWith('windows-1252', body);
    encoding = 'windows-1252';
  }
  if (hasBinaryControls(text)) return { ok: false, reason: 'binary' };
  return { ok: true, text, encoding };
}

function decodeWith(label: Encoding, bytes: Uint8Array): string {
  return new TextDecoder(label).decode(bytes);
}

/** UTF-16 text without a BOM shows NULs at every other byte; any other NUL means binary. */
function classifyNuls(sample: Uint8Array): 'none' | 'binary' | 'utf-16-without-bom' {
  let nuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      nuls++;
      if (i % 2 === 1) oddNuls++;
    }
  }
  if (nuls === 0) return 'none';
  const evenNuls = nuls - oddNuls;
  const half = sample.length / 2;
  if ((oddNuls > half * 0.8 && evenNuls === 0) || (evenNuls > half * 0.8 && oddNuls === 0)) return 'utf-16-without-bom';
  return 'binary';
}

/** More than a sprinkling of C0/C1 control characters (other than tab and line breaks) means the bytes are not text. */
function hasBinaryControls(text: string): boolean {
  const sample = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c < 0xa0)) controls++;
  }
  return controls > 0 && controls / Math.max(sample.length, 1) > 0.01;
}
