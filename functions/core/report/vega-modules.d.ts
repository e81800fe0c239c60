/**
 * Types for the vega packages vega-core.ts imports directly: they ship no typings of their own, and the
 * `vega` package's typings (vega-typings) describe the same functions, so they are re-used here.
 */
declare module 'vega-dataflow' {
  export const transforms: Record<string, unknown>;
}
/** Transform classes by name; only registered, never called by name here. */
declare module 'vega-transforms' {}
/** Transform classes by name; only registered, never called by name here. */
declare module 'vega-view-transforms' {}
/** Transform classes by name; only registered, never called by name here. */
declare module 'vega-encode' {}
declare module 'vega-view' {
  export { View } from 'vega';
}
declare module 'vega-parser' {
  export { parse } from 'vega';
}
declare module 'vega-scenegraph' {
  /** The mark types' canvas draw functions (vega-pdf.ts calls them with a canvas-like context over pdfkit). */
  export const Marks: Record<string, { draw: (...args: never[]) => void }>;
  /** Text measurement used for layout; the report swaps `width` for Roboto's real advance widths. */
  export const textMetrics: { width: (item: { text?: unknown; fontSize?: number; fontWeight?: string | number }, text?: unknown) => number };
}
declare module 'vega-format' {
  import type { LocaleFormatters } from 'vega';
  export function locale(number: object, time: object): LocaleFormatters;
}
