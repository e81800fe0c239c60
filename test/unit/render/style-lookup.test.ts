/**
 * style-lookup.ts replaces pdfmake's style lookups (StyleContextStack.getStyleProperty, getProperty,
 * autopush) with versions that allocate nothing. They must give pdfmake's values for every kind of stack
 * entry: named styles (with `extends`, chains, cycles, missing names), override objects, String objects, items
 * with one or several styles, sections and plain strings. Compared here with a fresh copy of pdfmake's own
 * module, untouched by the installation.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autopush, getProperty, getStyleProperty, installStyleLookup, sameStyle, styleStackClass, textInlinesClass, type StyleStack } from '../../../functions/core/report/style-lookup.ts';

const require = createRequire(import.meta.url);

interface PdfmakeStack extends StyleStack {
  styleOverrides: unknown[];
  auto(item: unknown, callback: () => unknown): unknown;
}
type PdfmakeStackClass = (new (dictionary: object, defaultStyle?: object) => PdfmakeStack) & {
  getStyleProperty(item: unknown, stack: PdfmakeStack | undefined, property: string, defaultValue: unknown): unknown;
};

type TextInlinesClass = new (pdfDocument: unknown) => { buildInlines(text: unknown, stack: PdfmakeStack): { items: object[]; minWidth: number; maxWidth: number } };

/** pdfmake's measuring modules as shipped: fresh module instances, never patched. */
function pristine(): { StyleContextStack: PdfmakeStackClass; TextInlines: TextInlinesClass } {
  const paths = ['StyleContextStack', 'TextBreaker', 'TextInlines'].map((name) => require.resolve(`pdfmake/js/${name}.js`));
  const cached = paths.map((path) => require.cache[path]);
  for (const path of paths) delete require.cache[path];
  try {
    const TextInlines = (require(paths[2]!) as { default: TextInlinesClass }).default;
    const StyleContextStack = (require(paths[0]!) as { default: PdfmakeStackClass }).default;
    return { StyleContextStack, TextInlines };
  } finally {
    paths.forEach((path, i) => {
      if (cached[i]) require.cache[path] = cached[i];
      else delete require.cache[path];
    });
  }
}

const pristineClass = () => pristine().StyleContextStack;

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

/** provideFont, widthOfString and lineHeight are all the measuring asks of the document. */
function measuringDocument() {
  const fonts = new Map<string, object>();
  return {
    provideFont(font: string, bold: boolean, italics: boolean) {
      const key = `${font}/${bold}/${italics}`;
      if (!fonts.has(key)) fonts.set(key, { key, ascender: 900, descender: -200, widthOfString: (text: string, size: number) => text.length * size * (bold ? 0.55 : 0.5) + (text.includes(' ') ? 0.25 : 0), lineHeight: (size: number) => size * 1.17 });
      return fonts.get(key)!;
    },
  };
}

/**
 * Measures a text node under a stack of style entries twice: with pristine pdfmake's style stack and
 * TextInlines, and with the installed lookups and measure.
 */
function measuredBothWays(): (text: unknown, entries: unknown[]) => { pdfmake: unknown; installed: unknown } {
  installStyleLookup();
  const original = pristine();
  const pdfDocument = measuringDocument();
  const Installed = styleStackClass() as unknown as PdfmakeStackClass;
  const Measuring = textInlinesClass() as unknown as TextInlinesClass;
  return (text, entries) => {
    const theirs = new original.StyleContextStack(DICTIONARY, DEFAULT_STYLE);
    const ours = new Installed(DICTIONARY, DEFAULT_STYLE);
    for (const entry of entries) {
      theirs.push(entry);
      ours.push(entry);
    }
    return {
      pdfmake: new original.TextInlines(pdfDocument).buildInlines(structuredClone(text), theirs),
      installed: new Measuring(pdfDocument).buildInlines(structuredClone(text), ours),
    };
  };
}

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

  it("measure text nodes as pdfmake does, each node's words with their own stack", () => {
    const measure = measuredBothWays();
    const TEXTS: unknown[] = [
      'Effekt för ledarskap, nivå 2',
      ['Före ', { text: 'efter', bold: true }, ' och ', { text: 'n = 12', style: 'h1', noWrap: true }],
      [{ text: 'lång rad som bryts', style: ['body', 'child'], wordBreak: 'break-all' }, { text: ' hel', style: 'grandchild', fontSize: 7 }],
      { text: 'inne i ett objekt', italics: true },
      [{ text: ['nästlad ', { text: 'text', style: 'diamond' }] }, '  med blanksteg  '],
    ];
    let compared = 0;
    for (const entries of STACKS) {
      for (const text of TEXTS) {
        const { pdfmake, installed } = measure(text, entries);
        expect(installed).toEqual(pdfmake);
        compared++;
      }
    }
    expect(compared).toBe(STACKS.length * TEXTS.length);
  });

  it('measure any text node as pdfmake does, words of one item sharing their looked-up style', () => {
    const measure = measuredBothWays();
    const words = fc.array(fc.constantFrom('ord', 'Ångström', ' ', '  ', 'n = 12', '\n', 'x\ty', '–', 'lång-rad', '', '\r\n', 'a b c'), { maxLength: 6 })
      .chain((parts) => fc.constantFrom(`${parts.join(' ')} `, parts.join(' ')));
    const style = fc.option(fc.oneof(fc.constantFrom(...Object.keys(DICTIONARY), 'missing'), fc.array(fc.constantFrom(...Object.keys(DICTIONARY)), { maxLength: 3 })), { nil: undefined, freq: 2 });
    // Few keys from a short list, so that neighbouring items often differ in one key or one value only.
    const OWN: [string, unknown][] = [
      ['bold', true],
      ['bold', false],
      ['italics', true],
      ['fontSize', 7],
      ['fontSize', 21],
      ['color', '#123456'],
      ['color', null],
      ['sup', true],
      ['sub', true],
      ['lineHeight', 1.3],
      ['characterSpacing', 1.2],
      ['noWrap', true],
      ['preserveLeadingSpaces', true],
      ['preserveTrailingSpaces', true],
      ['leadingIndent', 12],
      ['wordBreak', 'break-all'],
      ['opacity', 0.5],
    ];
    const own = fc.array(fc.constantFrom(...OWN), { maxLength: 2 }).map((entries) => Object.fromEntries(entries));
    // Items of one node share a base style and differ from it by at most one key each (or are plain strings).
    const item = (base: Record<string, unknown>) =>
      fc.oneof(
        { arbitrary: words, weight: 1 },
        {
          arbitrary: fc.record({ text: words, style, extra: fc.option(fc.constantFrom(...OWN), { nil: undefined }) }).map(({ text, style, extra }) => ({
            text,
            ...(style === undefined ? {} : { style }),
            ...base,
            ...(extra === undefined ? {} : { [extra[0]]: extra[1] }),
          })),
          weight: 4,
        },
      );
    const node = own.chain((base) => fc.oneof(item(base), fc.array(item(base), { minLength: 1, maxLength: 5 })));
    fc.assert(
      fc.property(node, fc.constantFrom(...STACKS), (text, entries) => {
        const { pdfmake, installed } = measure(text, entries);
        expect(installed).toEqual(pdfmake);
      }),
      { numRuns: 400 },
    );
  });

  it('share looked-up values only between words of the same style', () => {
    expect(sameStyle({ text: 'a ', bold: true, style: 'h1' }, { text: 'b', lineEnd: true, bold: true, style: 'h1' })).toBe(true);
    expect(sameStyle({ text: 'a' }, { text: 'b' })).toBe(true);
    expect(sameStyle({ text: 'a', bold: true }, { text: 'b' })).toBe(false);
    expect(sameStyle({ text: 'a' }, { text: 'b', bold: true })).toBe(false);
    expect(sameStyle({ text: 'a', bold: true }, { text: 'b', bold: false })).toBe(false);
    expect(sameStyle({ text: 'a', style: ['h1'] }, { text: 'b', style: ['h1'] })).toBe(false);
    expect(sameStyle({ text: 'a', bold: true }, { text: 'b', italics: true })).toBe(false);
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
