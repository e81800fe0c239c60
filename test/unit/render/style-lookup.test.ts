/**
 * style-lookup.ts replaces pdfmake's style lookups (StyleContextStack.getStyleProperty, getProperty,
 * autopush) with versions that allocate nothing. They must give pdfmake's values for every kind of stack
 * entry: named styles (with `extends`, chains, cycles, missing names), override objects, String objects, items
 * with one or several styles, sections and plain strings. Compared here with a fresh copy of pdfmake's own
 * module, untouched by the installation.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { autopush, getProperty, getStyleProperty, installStyleLookup, styleStackClass, type StyleStack } from '../../../functions/core/report/style-lookup.ts';

const require = createRequire(import.meta.url);

interface PdfmakeStack extends StyleStack {
  styleOverrides: unknown[];
  auto(item: unknown, callback: () => unknown): unknown;
}
type PdfmakeStackClass = (new (dictionary: object, defaultStyle?: object) => PdfmakeStack) & {
  getStyleProperty(item: unknown, stack: PdfmakeStack | undefined, property: string, defaultValue: unknown): unknown;
};

/** pdfmake's StyleContextStack as shipped: a fresh module instance, never patched. */
function pristineClass(): PdfmakeStackClass {
  const path = require.resolve('pdfmake/js/StyleContextStack.js');
  const cached = require.cache[path];
  delete require.cache[path];
  try {
    return (require(path) as { default: PdfmakeStackClass }).default;
  } finally {
    if (cached) require.cache[path] = cached;
  }
}

const DICTIONARY = {
  h1: { fontSize: 21, bold: true, color: '#123456' },
  body: { fontSize: 9.5, lineHeight: 1.3 },
  quiet: { color: null, italics: false },
  child: { extends: 'body', color: '#abcdef' },
  grandchild: { extends: ['h1', 'child'] },
  loopA: { extends: 'loopB' },
  loopB: { extends: ['loopA', 'h1'] },
  selfish: { extends: 'selfish', opacity: 0.5 },
  diamond: { extends: ['left', 'right'] },
  left: { extends: 'base' },
  right: { extends: 'base', decoration: 'underline' },
  base: { font: 'Roboto', characterSpacing: 1.2 },
};
const DEFAULT_STYLE = { font: 'Roboto', fontSize: 9.5, color: '#000000' };
const PROPERTIES = ['font', 'fontSize', 'bold', 'italics', 'color', 'lineHeight', 'decoration', 'characterSpacing', 'opacity', 'alignment', 'noWrap'];
const STACKS: unknown[][] = [
  [],
  ['body'],
  ['h1', { color: '#ff0000', bold: false }],
  ['grandchild', 'missing', { fontSize: null }],
  ['loopA', new String('child'), { alignment: 'right' }],
  ['diamond', 'selfish', 'quiet'],
];
const ITEMS: unknown[] = [
  {},
  { text: 'x' },
  { text: 'x', style: 'h1' },
  { text: 'x', style: ['body', 'child'] },
  { text: 'x', style: ['h1', 'body'] },
  { text: 'x', style: ['body', 'h1', { fontSize: 30 }] },
  { text: 'x', style: ['grandchild', 'missing', 'quiet'], bold: true },
  { text: 'x', style: 'loopB', fontSize: 0 },
  { text: 'x', style: { color: '#00ff00' } },
  { text: 'x', style: [{ italics: true }, 'diamond'] },
  { text: 'x', style: new String('h1') },
  { text: 'x', style: 'h1', section: {} },
  { text: 'x', color: null, style: 'child' },
  'plain string',
];

describe('the allocation-free pdfmake style lookups', () => {
  it('is the pdfmake they were written against', () => {
    // Upgrading? Re-read pdfmake's StyleContextStack.js against style-lookup.ts, then update this.
    expect((require('pdfmake/package.json') as { version: string }).version).toBe('0.3.11');
  });

  it("give pdfmake's value for every item, stack and property", () => {
    const Pristine = pristineClass();
    let compared = 0;
    for (const entries of STACKS) {
      for (const item of ITEMS) {
        for (const property of PROPERTIES) {
          const theirs = new Pristine(DICTIONARY, DEFAULT_STYLE);
          const ours = new Pristine(DICTIONARY, DEFAULT_STYLE);
          ours.getProperty = getProperty;
          for (const entry of entries) {
            theirs.push(entry);
            ours.push(entry);
          }
          const expected = Pristine.getStyleProperty(item, theirs, property, 'fallback');
          expect(getStyleProperty(item as Record<string, unknown>, ours, property, 'fallback'), `${JSON.stringify(item)} ${property} on ${entries.length}`).toEqual(expected);
          expect(getProperty.call(ours, property)).toEqual(theirs.getProperty(property));
          expect(ours.styleOverrides).toEqual(theirs.styleOverrides);
          compared++;
        }
      }
    }
    expect(compared).toBe(STACKS.length * ITEMS.length * PROPERTIES.length);
    expect(getStyleProperty({}, undefined, 'font', 'fallback')).toBe('fallback');
  });

  it('push what pdfmake pushes for a nested lookup', () => {
    const Pristine = pristineClass();
    for (const item of ITEMS) {
      const theirs = new Pristine(DICTIONARY, DEFAULT_STYLE) as PdfmakeStack & { autopush(item: unknown): number };
      const ours = new Pristine(DICTIONARY, DEFAULT_STYLE);
      ours.push('body');
      theirs.push('body');
      expect(autopush.call(ours, item)).toBe(theirs.autopush(item));
      expect(ours.styleOverrides).toEqual(theirs.styleOverrides);
    }
  });

  it('are the ones pdfmake uses once installed', () => {
    installStyleLookup();
    installStyleLookup();
    const installed = styleStackClass();
    expect(installed.getStyleProperty).toBe(getStyleProperty);
    expect(installed.prototype.getProperty).toBe(getProperty);
    expect(installed.prototype.autopush).toBe(autopush);
    // pdfmake's measuring reaches the class through the same module instance.
    const measure = require('node:fs').readFileSync(require.resolve('pdfmake/js/TextInlines.js'), 'utf8') as string;
    expect(measure).toContain('_StyleContextStack.default.getStyleProperty(item, styleContextStack,');
    expect(measure).toContain('require("./StyleContextStack")');
  });
});
