/** The part of fontkit 2 (pdfkit's font engine, no bundled typings) that fonts.ts uses. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    _glyphs: Record<number, unknown>;
    layout(text: string): { glyphs: unknown[] };
  }
  export interface FontFormat {
    probe(buffer: Uint8Array): boolean;
    new (stream: unknown): Font;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
  export function registerFormat(format: FontFormat): void;
}
