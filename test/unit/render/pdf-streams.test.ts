/**
 * pdf-streams.ts keeps the text pdfkit writes into a stream as one string until the stream ends. The document
 * must come out byte for byte as pdfkit writes it itself: compared here with a fresh copy of pdfkit's module,
 * untouched by the installation, writing the same streams (text with characters above U+00FF, binary chunks
 * between texts), and drawing the same text, colours and transforms (the operators pdf-streams.ts builds itself,
 * and the cases it leaves to pdfkit). Compressed, only the zlib level differs: the streams inflate to the same
 * bytes, and ours are deflated at STREAM_DEFLATE_LEVEL.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robotoDirectory } from '../../../functions/core/report/fonts.ts';
import { installStreamWriting, putNumber, referencePrototype, STREAM_DEFLATE_LEVEL } from '../../../functions/core/report/pdf-streams.ts';
import { inflatePdf } from '../../helpers/pdf-inflate.ts';

const require = createRequire(import.meta.url);
const pdfkitPath = require.resolve('pdfkit', { paths: [require.resolve('pdfmake')] });

interface Reference {
  write(chunk: unknown): void;
  end(chunk?: unknown): void;
}
interface PdfKitDocument {
  ref(data?: object): Reference;
  addPage(): PdfKitDocument;
  font(src: Buffer): PdfKitDocument;
  fontSize(size: number): PdfKitDocument;
  fillColor(color: string | number[], opacity?: number): PdfKitDocument;
  strokeColor(color: string | number[], opacity?: number): PdfKitDocument;
  text(text: string, x: number, y: number, options?: object): PdfKitDocument;
  rect(x: number, y: number, w: number, h: number): PdfKitDocument;
  fill(color?: string): PdfKitDocument;
  stroke(): PdfKitDocument;
  opacity(opacity: number): PdfKitDocument;
  save(): PdfKitDocument;
  restore(): PdfKitDocument;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): PdfKitDocument;
  rotate(angle: number, options?: object): PdfKitDocument;
  on(event: string, listener: (chunk?: Buffer) => void): void;
  end(): void;
}
type PdfKitClass = new (options: object) => PdfKitDocument;

/** pdfkit as shipped: a fresh module instance, never patched. */
function pristinePdfKit(): PdfKitClass {
  const cached = require.cache[pdfkitPath];
  delete require.cache[pdfkitPath];
  try {
    return require(pdfkitPath) as PdfKitClass;
  } finally {
    if (cached) require.cache[pdfkitPath] = cached;
  }
}

function writeDocument(PDFDocument: PdfKitClass, compress: boolean, texts: unknown[] = []): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, font: null, compress, info: { CreationDate: new Date('2026-01-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk) => chunks.push(chunk!));
  const content = doc.ref({ Type: 'Test' });
  for (let i = 0; i < 500; i++) content.write(`1 0 0 1 ${i} ${i / 3} Tm [<00${(i % 256).toString(16).padStart(2, '0')}> -12.5] TJ`);
  content.write('(Ångström – Δ → ✓)');
  content.write(`(${'Ångström – Δ → ✓ \ud83d\ude00 '.repeat(9)})`);
  content.write(new Uint8Array([0, 1, 2, 255, 10]));
  content.write(42);
  for (const text of texts) content.write(text);
  content.write(Buffer.from('binary tail'));
  content.end('ET');
  doc.ref({ Empty: true }).end();
  const early = doc.ref();
  early.write(new Uint8Array([7, 7, 7]));
  early.end();
  doc.end();
  return done;
}

const roboto = (name: string) => readFileSync(join(robotoDirectory(), `${name}.ttf`));

/** Text the way pdfmake and the charts draw it (one word or run per call, no wrapping) and the cases pdfkit keeps. */
function drawDocument(PDFDocument: PdfKitClass, compress: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, font: null, compress, info: { CreationDate: new Date('2026-01-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk) => chunks.push(chunk!));
  doc.addPage();
  const regular = roboto('Roboto-Regular');
  const medium = roboto('Roboto-Medium');
  const words = ['Ledarskap ', 'AVATAR ', 'Wa. ', 'To, ', 'fi ffi ', 'Å\u0301ngström ', '–Δ→✓ ', '12,5 %', 'tab\there', 'line\nbreak', ' ', 'Ω Ω'];
  let y = 40;
  for (const baseline of [undefined, 'alphabetic', 'middle', 'svg-middle', 'svg-central', 'bottom', 'ideographic', 'mathematical', 'hanging', 'top', 3.5]) {
    doc.font(y % 3 === 0 ? medium : regular).fontSize(7 + (y % 9));
    let x = 30;
    for (const word of words) {
      doc.opacity(1).fillColor(y % 2 === 0 ? '#336699' : 'black');
      doc.text(word, x, y, { lineBreak: false, baseline, textWidth: 40, wordCount: 1, characterSpacing: 0 });
      x += 45;
    }
    y += 17;
  }
  // What pdfkit draws itself: spacing, links, decoration, wrapping, stroke, skew, features.
  doc.font(regular).fontSize(10).fillColor('red');
  const fitted = { lineBreak: false, textWidth: 50, wordCount: 1 };
  doc.text('spaced out', 30, y, { ...fitted, characterSpacing: 1.5 });
  doc.text('linked', 130, y, { ...fitted, link: 'https://example.com', underline: true });
  doc.text('struck', 230, y, { ...fitted, strike: true, oblique: true });
  doc.text('outlined', 330, y, { ...fitted, stroke: true, features: ['smcp'] });
  doc.text('turned', 430, y, { ...fitted, rotation: 30 });
  doc.text('turned\nround', 480, y, { ...fitted, rotation: 360 });
  doc.text('a longer text that wraps within its width and is justified across the lines it takes', 30, y + 20, { width: 160, align: 'justify' });
  doc.text('centred text', 230, y + 20, { width: 120, align: 'center', wordSpacing: 2 });
  // Colours as strings, names and arrays, and transforms.
  for (const color of ['#abc', '#A0B1C2', 'steelblue', 'black', [12, 34, 56], [0, 10, 20, 30]] as (string | number[])[]) {
    doc.save().transform(1, 0, 0, 1, 5, 7).rotate(12.5, { origin: [100, 100] }).transform(0.5, 0.1, -0.1, 0.5, 3.25, -1);
    doc.fillColor(color, 0.5).strokeColor(color).rect(10, 10, 20, 20).fill();
    doc.rect(40, 10, 20, 20).stroke();
    doc.restore();
  }
  doc.end();
  return done;
}

describe('pdfkit streams written as one string', () => {
  it('is the pdfkit it was written against', () => {
    // Upgrading? Re-read pdfkit's PDFReference (write, finalize) against pdf-streams.ts, then update this.
    expect((require(require.resolve('pdfkit/package.json', { paths: [require.resolve('pdfmake')] })) as { version: string }).version).toBe('0.19.1');
  });

  it("write pdfkit's own bytes", async () => {
    installStreamWriting();
    installStreamWriting();
    const Installed = require(pdfkitPath) as PdfKitClass;
    // The class the installation changed is the one pdfmake renders with, not the fresh copy.
    expect(Object.getPrototypeOf(new Installed({ autoFirstPage: false, font: null }).ref())).toBe(referencePrototype());
    const Pristine = pristinePdfKit();
    expect(Object.getPrototypeOf(new Pristine({ autoFirstPage: false, font: null }).ref())).not.toBe(referencePrototype());
    const ours = await writeDocument(Installed, false);
    expect(ours.length).toBeGreaterThan(1000);
    expect(ours.equals(await writeDocument(Pristine, false))).toBe(true);
    expectSameStreamsDeflatedAtReportLevel(await writeDocument(Installed, true), await writeDocument(Pristine, true));
  });

  it("write pdfkit's own bytes for any text, short or long, any UTF-16 unit", async () => {
    installStreamWriting();
    const Installed = require(pdfkitPath) as PdfKitClass;
    const Pristine = pristinePdfKit();
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 200 }), fc.integer());
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 30 }), async (texts) => {
        const ours = await writeDocument(Installed, false, texts);
        const theirs = await writeDocument(Pristine, false, texts);
        expect(ours.equals(theirs)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("write every number as pdfkit's PDFObject.number prints it", () => {
    // pdfkit: `Math.round(n * 1e6) / 1e6`, then JavaScript's own String().
    const pdfkitNumber = (n: number) => String(Math.round(n * 1e6) / 1e6);
    const bytes = Buffer.alloc(64);
    const check = (n: number) => {
      const end = putNumber(bytes, 0, n);
      expect(bytes.subarray(0, end).toString('latin1'), String(n)).toBe(pdfkitNumber(n));
    };
    for (const n of [0, -0, 1, -1, 0.5, 1e-6, -1e-6, 4e-7, 5e-7, -5e-7, 6e-7, 841.89, 595.28, -12.5, 0.1 + 0.2, 123456789.123456, 999999.9999995, 1e9 - 1e-6, 1e15 / 1e6, 1e9, 1e12, 1e14, 1e15, 9.99999999e20, -9.99999999e20, Number.MIN_VALUE, 2 ** 53]) check(n);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e21, max: 1e21, noNaN: true, noDefaultInfinity: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1e6), fc.integer().map((k) => k / 1000)), (n) => {
        if (n === 1e21 || n === -1e21) return;
        check(n);
      }),
      { numRuns: 20_000 },
    );
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 1e21, -1e21]) expect(() => putNumber(bytes, 0, n)).toThrow('unsupported number');
  });

  it("resolve colours as pdfmake does, without parsing '#' colours", () => {
    installStreamWriting();
    type Resolve = (this: unknown, color: unknown, defaultColor: unknown) => unknown;
    const pdfmakeDocumentPath = require.resolve('pdfmake/js/PDFDocument.js');
    const installed = (require(pdfmakeDocumentPath) as { default: { prototype: { resolveColor: Resolve } } }).default.prototype.resolveColor;
    const cached = require.cache[pdfmakeDocumentPath];
    delete require.cache[pdfmakeDocumentPath];
    let pristine: Resolve;
    try {
      pristine = (require(pdfmakeDocumentPath) as { default: { prototype: { resolveColor: Resolve } } }).default.prototype.resolveColor;
    } finally {
      if (cached) require.cache[pdfmakeDocumentPath] = cached;
    }
    expect(installed).not.toBe(pristine);
    const Installed = require(pdfkitPath) as PdfKitClass;
    const Pristine = pristinePdfKit();
    const ours = new Installed({ autoFirstPage: false, font: null }) as unknown as { spotColors: Record<string, unknown> };
    const theirs = new Pristine({ autoFirstPage: false, font: null }) as unknown as { spotColors: Record<string, unknown> };
    // A spot colour is the document's own: still found through pdfkit.
    ours.spotColors.CorporateBlue = { id: 'CS0' };
    theirs.spotColors.CorporateBlue = ours.spotColors.CorporateBlue;
    const color = fc.oneof(
      fc.string().map((text) => `#${text}`),
      fc.constantFrom('#abc', '#A0B1C2', '#', '#zz', 'steelblue', 'black', 'notacolour', 'CorporateBlue', '', 'evenodd', undefined, null, 0, new String('#abc'), new String('red'), [12, 34, 56]),
      fc.string(),
    );
    fc.assert(
      fc.property(color, color, (value, fallback) => {
        expect(installed.call(ours, value, fallback)).toEqual(pristine.call(theirs, value, fallback));
      }),
      { numRuns: 2000 },
    );
  });

  it("draw pdfkit's own text, colours and transforms", async () => {
    installStreamWriting();
    const Installed = require(pdfkitPath) as PdfKitClass;
    const Pristine = pristinePdfKit();
    const ours = await drawDocument(Installed, false);
    expect(ours.length).toBeGreaterThan(10_000);
    expect(ours.equals(await drawDocument(Pristine, false))).toBe(true);
    expectSameStreamsDeflatedAtReportLevel(await drawDocument(Installed, true), await drawDocument(Pristine, true));
  });
});

/**
 * Compressed, the two documents differ only in the zlib level of their streams: the same file once every stream
 * is inflated, the same number of Flate streams, and each of ours deflated at the report's level (pdfkit's own
 * at zlib's default).
 */
function expectSameStreamsDeflatedAtReportLevel(ours: Buffer, theirs: Buffer): void {
  const mine = inflatePdf(ours);
  const pdfkit = inflatePdf(theirs);
  expect(mine.streams.length).toBeGreaterThan(0);
  expect(mine.text).toBe(pdfkit.text);
  expect(mine.streams.map((stream) => stream.inflated)).toEqual(pdfkit.streams.map((stream) => stream.inflated));
  for (const stream of mine.streams) expect(stream.stored.equals(deflateSync(stream.inflated, { level: STREAM_DEFLATE_LEVEL }))).toBe(true);
  for (const stream of pdfkit.streams) expect(stream.stored.equals(deflateSync(stream.inflated))).toBe(true);
}
