/**
 * The tagged PDF relies on two pdfmake internals (see functions/core/report/pdf-tagging.ts). This test fails
 * loudly if an upgrade moves or reshapes them, before a report goes out untagged.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_METHODS, installTagging, ITEM_METHODS, pdfmakeInternals } from '../../../functions/core/report/pdf-tagging.ts';

describe('pdfmake internals the tagging hooks', () => {
  it('is the pdfmake and pdfkit the hooks were written against', () => {
    const require = createRequire(import.meta.url);
    const pdfmakeVersion = (require('pdfmake/package.json') as { version: string }).version;
    const pdfkitVersion = (createRequire(require.resolve('pdfmake/package.json'))('pdfkit/package.json') as { version: string }).version;
    // Upgrading either? Re-read pdf-tagging.ts against the new source, check `pdfinfo -struct`, then update these.
    expect(pdfmakeVersion).toBe('0.3.11');
    expect(pdfkitVersion).toBe('0.19.1');
  });

  it('has the layout and render methods the hooks wrap, with the arguments they expect', () => {
    const { layoutBuilder, renderer } = pdfmakeInternals();
    expect(typeof layoutBuilder.buildNextLine).toBe('function');
    expect(typeof renderer.renderPages).toBe('function');
    for (const name of [...ITEM_METHODS, ...BOUNDARY_METHODS]) expect(typeof renderer[name], name).toBe('function');
    installTagging();
    // Installing twice must not wrap twice.
    const wrapped = renderer.renderLine;
    installTagging();
    expect(renderer.renderLine).toBe(wrapped);
  });

  it('still draws page items through the methods the hooks wrap (renderPages dispatches by item type)', () => {
    const require = createRequire(import.meta.url);
    const source = require('node:fs').readFileSync(require.resolve('pdfmake/js/Renderer.js'), 'utf8') as string;
    for (const call of ['this.renderLine(', 'this.renderVector(', 'this.renderSVG(', 'this.renderImage(', 'this.pdfDocument.addPage(']) expect(source, call).toContain(call);
    const layout = require('node:fs').readFileSync(require.resolve('pdfmake/js/LayoutBuilder.js'), 'utf8') as string;
    // Lines are built from their text node here; a line copied for a repeated header keeps its own properties.
    expect(layout).toContain('this.buildNextLine(node)');
    const line = require('node:fs').readFileSync(require.resolve('pdfmake/js/Line.js'), 'utf8') as string;
    expect(line).toMatch(/clone\(\)\s*\{[\s\S]*hasOwnProperty\(key\)/);
  });

  it("draws a line's words as pdf-lines.ts draws a plain line's (its loop, copied there)", () => {
    const require = createRequire(import.meta.url);
    const source = require('node:fs').readFileSync(require.resolve('pdfmake/js/Renderer.js'), 'utf8') as string;
    const renderLine = source.slice(source.indexOf('  renderLine(line, x, y) {'), source.indexOf('  renderVector(vector) {'));
    // Upgrading pdfmake? Re-read renderLine against drawPlainLine and isPlain (pdf-lines.ts), then update these.
    for (const statement of [
      'let shiftToBaseline = lineHeight - inline.font.ascender / 1000 * inline.fontSize - descent;',
      "let opacity = (0, _variableType.isNumber)(inline.opacity) ? inline.opacity : 1;",
      'this.pdfDocument.opacity(opacity);',
      "this.pdfDocument.fill(this.pdfDocument.resolveColor(inline.color, 'black'));",
      'this.pdfDocument._font = inline.font;',
      'this.pdfDocument.fontSize(inline.fontSize);',
      'let shiftedY = offsetText(y + shiftToBaseline, inline);',
      'this.pdfDocument.text(inline.text, x + inline.x, shiftedY, options);',
      'textDecorator.drawBackground(line, x, y);',
      'textDecorator.drawDecorations(line, x, y);',
    ]) {
      expect(renderLine, statement).toContain(statement);
    }
    // Nothing else drawn or set on the document (a new call would need a look in pdf-lines.ts too).
    expect(renderLine.match(/this\.pdfDocument\.\w+/g)?.length).toBe(9);
    expect(source).toMatch(/if \(inline\.sup\) \{\s*newY -= inline\.fontSize \* 0\.75;\s*\}\s*if \(inline\.sub\) \{\s*newY \+= inline\.fontSize \* 0\.35;/);
  });

  it('has the pdfkit structure and annotation internals tagged links rely on', () => {
    const require = createRequire(import.meta.url);
    const pdfkit = require('node:fs').readFileSync(createRequire(require.resolve('pdfmake/package.json')).resolve('pdfkit/js/pdfkit.js'), 'utf8') as string;
    // annotate() hands the reference to structParent.add() before it writes the annotation (its StructParent key
    // is set there), and a structure element writes its kids through _flushChild and registers annotations
    // through _addAnnotationToParentTree (both replaced per Link element).
    expect(pdfkit).toMatch(/const ref = this\.ref\(options\);[\s\S]{0,200}structParent\.add\(annotRef\);\s*\}\s*ref\.end\(\);/);
    expect(pdfkit).toContain('_flushChild(child) {');
    expect(pdfkit).toContain('_addAnnotationToParentTree(annotRef) {');
    expect(pdfkit).toMatch(/if \(child instanceof PDFAnnotationReference\) \{\s*this\._addAnnotationToParentTree\(child\.annotationRef\);/);
  });
});
