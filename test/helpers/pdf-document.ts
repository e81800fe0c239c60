/** A PDF opened with pdfjs as every test reads one (legacy build: runs in Node without a DOM). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;

/** Opens `bytes`, runs `read` on the document and closes it, also when `read` throws. */
export async function readPdf<T>(bytes: Uint8Array, read: (document: PdfDocument) => Promise<T>): Promise<T> {
  // pdfjs may transfer (detach) the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    return await read(document);
  } finally {
    await document.destroy();
  }
}

type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** `read` on every page in order, each page's resources released once it is read. */
export async function mapPages<T>(document: PdfDocument, read: (page: PdfPage, number: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    results.push(await read(page, number));
    page.cleanup();
  }
  return results;
}
