/**
 * A PDF's streams read back for tests that compare two documents written at different zlib levels: the streams'
 * inflated bytes, and the rest of the file with what depends on compressed sizes (each stream's /Length, the
 * cross-reference table and its offset) left out.
 */
import { inflateSync } from 'node:zlib';

export interface InflatedPdf {
  /** The file with each stream's bytes replaced by its inflated bytes, lengths and cross references dropped. */
  text: string;
  /** Each Flate stream: its bytes in the file and inflated. */
  streams: { stored: Buffer; inflated: Buffer }[];
}

export function inflatePdf(pdf: Buffer): InflatedPdf {
  const latin1 = pdf.toString('latin1');
  const streams: InflatedPdf['streams'] = [];
  let text = '';
  let at = 0;
  const streamStart = /(?<!end)stream\n/g;
  for (let match = streamStart.exec(latin1); match; match = streamStart.exec(latin1)) {
    const dictionary = latin1.slice(latin1.lastIndexOf('obj', match.index), match.index);
    const length = /\/Length (\d+)/.exec(dictionary);
    if (!length) throw new Error(`a stream without /Length at byte ${match.index}`);
    const start = match.index + match[0].length;
    const end = start + Number(length[1]);
    const stored = pdf.subarray(start, end);
    const flate = dictionary.includes('/FlateDecode');
    const inflated = flate ? inflateSync(stored) : stored;
    if (flate) streams.push({ stored, inflated });
    text += latin1.slice(at, start).replace(/\/Length \d+/g, '/Length') + inflated.toString('latin1');
    at = end;
    streamStart.lastIndex = end;
  }
  const xref = latin1.lastIndexOf('\nxref\n');
  text += latin1.slice(at, xref < at ? undefined : xref);
  return { text, streams };
}
