/** Text of a PDF, one string per page, via pdfjs (legacy build: runs in Node without a DOM). */
import { mapPages, readPdf } from './pdf-document.ts';

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  return readPdf(bytes, (document) =>
    mapPages(document, async (page) => {
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        parts.push(item.str);
        if (item.hasEOL) parts.push('\n');
        else parts.push(' ');
      }
      return parts.join('').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
    }),
  );
}
