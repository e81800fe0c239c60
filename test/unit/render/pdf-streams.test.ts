/**
 * pdf-streams.ts keeps the text pdfkit writes into a stream as one string until the stream ends. The document
 * must come out byte for byte as pdfkit writes it itself: compared here with a fresh copy of pdfkit's module,
 * untouched by the installation, writing the same streams (text with characters above U+00FF, binary chunks
 * between texts, compressed and not).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installStreamWriting, referencePrototype } from '../../../functions/core/report/pdf-streams.ts';

const require = createRequire(import.meta.url);
const pdfkitPath = require.resolve('pdfkit', { paths: [require.resolve('pdfmake')] });

interface Reference {
  write(chunk: unknown): void;
  end(chunk?: unknown): void;
}
interface PdfKitDocument {
  ref(data?: object): Reference;
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

function writeDocument(PDFDocument: PdfKitClass, compress: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, font: null, compress, info: { CreationDate: new Date('2026-01-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk) => chunks.push(chunk!));
  const content = doc.ref({ Type: 'Test' });
  for (let i = 0; i < 500; i++) content.write(`1 0 0 1 ${i} ${i / 3} Tm [<00${(i % 256).toString(16).padStart(2, '0')}> -12.5] TJ`);
  content.write('(Ångström – Δ → ✓)');
  content.write(new Uint8Array([0, 1, 2, 255, 10]));
  content.write(42);
  content.write(Buffer.from('binary tail'));
  content.end('ET');
  doc.ref({ Empty: true }).end();
  const early = doc.ref();
  early.write(new Uint8Array([7, 7, 7]));
  early.end();
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
    for (const compress of [true, false]) {
      const ours = await writeDocument(Installed, compress);
      const theirs = await writeDocument(Pristine, compress);
      expect(ours.length).toBeGreaterThan(1000);
      expect(ours.equals(theirs), `compress ${compress}`).toBe(true);
    }
  });
});
