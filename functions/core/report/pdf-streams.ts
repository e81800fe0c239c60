/**
 * pdfkit's content streams written as one string each instead of one Buffer per operator.
 *
 * pdfkit writes every drawing operator of a page (`BT`, `1 0 0 1 72 700 Tm`, `[<0041> 0] TJ`, …) into the
 * page's content stream as its own small Buffer (`PDFReference.write`: `Buffer.from(chunk + '\n', 'binary')`),
 * and joins them when the stream ends. A report writes very many of them, each an object for the collector.
 * Here a reference keeps the text it is given as one string until a binary chunk comes or the
 * stream ends, and then converts it in one go. Latin-1 ('binary') encodes each UTF-16 unit as one byte, so
 * the bytes, their order and every length pdfkit records are the same.
 *
 * `installStreamWriting()` finds pdfkit's PDFReference through the pdfkit class pdfmake's document extends,
 * checks that `write` and `finalize` are there and throws if not; test/unit/render/pdf-streams.test.ts pins
 * pdfkit's version and compares the documents both versions write.
 */
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';

interface Reference {
  buffer: Uint8Array[] | Uint8Array;
  uncompressedLength: number;
  compress: boolean;
  data: { Length?: number; Filter?: string };
  [PENDING]?: string;
}

interface ReferencePrototype {
  write(this: Reference, chunk: unknown): void;
  finalize(this: Reference): void;
}

type DocumentClass = new (options: object) => { ref(data?: object): Reference };

const PENDING = Symbol('effekt.pendingText');

/** pdfkit's document class, as pdfmake's own document extends it (the same module instance pdfmake renders with). */
function pdfkitDocumentClass(): DocumentClass {
  const module = pdfmakeDocumentModule as { default?: unknown };
  const pdfmakeDocument = (module.default ?? module) as { prototype?: object };
  const pdfkit = typeof pdfmakeDocument === 'function' ? (Object.getPrototypeOf(pdfmakeDocument) as unknown) : undefined;
  if (typeof pdfkit !== 'function' || typeof (pdfkit.prototype as { ref?: unknown }).ref !== 'function') {
    throw new Error('pdfmake changed: pdfmake/js/PDFDocument.js no longer extends pdfkit’s PDFDocument (see pdf-streams.ts)');
  }
  return pdfkit as DocumentClass;
}

/** pdfkit's PDFReference prototype, from a reference of a document that is never written. */
export function referencePrototype(): ReferencePrototype {
  const PdfKitDocument = pdfkitDocumentClass();
  const probe = new PdfKitDocument({ autoFirstPage: false, font: null }).ref();
  const prototype = Object.getPrototypeOf(probe) as Partial<ReferencePrototype>;
  const shaped = Array.isArray(probe.buffer) && probe.uncompressedLength === 0 && typeof prototype.write === 'function' && typeof prototype.finalize === 'function';
  if (!shaped) throw new Error('pdfkit changed: PDFReference.write / finalize / buffer are not what pdf-streams.ts expects');
  return prototype as ReferencePrototype;
}

function flush(reference: Reference): void {
  const text = reference[PENDING];
  if (text === undefined) return;
  reference[PENDING] = undefined;
  (reference.buffer as Uint8Array[]).push(Buffer.from(text, 'latin1'));
}

let installed = false;

/** Replaces PDFReference's write and finalize once per process. Throws if pdfkit changed them. */
export function installStreamWriting(): void {
  if (installed) return;
  const prototype = referencePrototype();
  const write = prototype.write;
  const finalize = prototype.finalize;
  prototype.write = function (this: Reference, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    // What pdfkit's write does for text (`chunk + '\n'`, then 'binary': one byte per UTF-16 unit), Buffer later.
    const text = (chunk as string) + '\n';
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    const pending = this[PENDING];
    this[PENDING] = pending === undefined ? text : pending + text;
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  prototype.finalize = function (this: Reference) {
    flush(this);
    finalize.call(this);
  };
  installed = true;
}
