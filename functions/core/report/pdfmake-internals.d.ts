/**
 * pdfmake's internal layout and render modules, which pdf-tagging.ts hooks (it checks their methods at run
 * time, and test/unit/render/pdfmake-internals.test.ts pins them), and its style stack, whose lookups
 * style-lookup.ts replaces (pinned by test/unit/render/style-lookup.test.ts): typed as unknown on purpose.
 */
declare module 'pdfmake/js/LayoutBuilder.js' {
  const exported: unknown;
  export default exported;
}
declare module 'pdfmake/js/Renderer.js' {
  const exported: unknown;
  export default exported;
}
declare module 'pdfmake/js/StyleContextStack.js' {
  const exported: unknown;
  export default exported;
}
declare module 'pdfmake/js/TextInlines.js' {
  const exported: unknown;
  export default exported;
}
declare module 'pdfmake/js/PDFDocument.js' {
  const exported: unknown;
  export default exported;
}
