/** The part of linebreak 1 (pdfmake's line breaker, no bundled typings) that glyph-runs-data.ts uses. */
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
