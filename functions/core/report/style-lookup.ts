/**
 * pdfmake's style lookups without their garbage.
 *
 * pdfmake measures every inline of text by asking its style stack for about twenty properties
 * (`StyleContextStack.getStyleProperty`: font, bold, fontSize, color, decoration, link, …). Each ask pushes the
 * inline and its style names onto the stack, allocating a closure and an array, and walks the stack from the
 * top, allocating a `Set` for every named style it passes (to stop cycles of `extends`). Most properties are
 * set nowhere, so most asks walk the whole stack. This is pdfmake's own code and no document definition avoids
 * it; in a render it made much of the garbage the collector then paid for (docs/benchmarks.md).
 *
 * `installStyleLookup()` replaces `getStyleProperty`, `getProperty` and `autopush` with versions that compute
 * the same values in the same order without allocating (a `Set` only for a style that `extends` another, as
 * pdfmake does). And while pdfmake splits and measures one text node (`TextInlines.buildInlines`), whose
 * words all share one stack that nothing changes meanwhile (the words are new objects, never on the stack),
 * the stack's value of each property is looked up once for all its words instead of once per word.
 * It checks first that the methods are where pdfmake 0.3.11 has them and throws if not;
 * test/unit/render/style-lookup.test.ts pins the version and compares both versions on the same stacks.
 */
import styleContextStackModule from 'pdfmake/js/StyleContextStack.js';
import textInlinesModule from 'pdfmake/js/TextInlines.js';

type StyleDictionary = Record<string, Style | undefined>;
type Style = Record<string, unknown> & { extends?: string | string[] };
type Entry = unknown;

/** The part of pdfmake's StyleContextStack these replacements use. */
export interface StyleStack {
  styleDictionary: StyleDictionary;
  defaultStyle: Record<string, unknown> | undefined;
  styleOverrides: Entry[];
  push(entry: Entry): void;
  getProperty(property: string): unknown;
}

interface StyleStackClass {
  prototype: StyleStack & { autopush(item: unknown): number };
  getStyleProperty(item: Record<string, unknown>, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

const isValue = (value: unknown) => value !== undefined && value !== null;
const isString = (value: unknown): value is string | String => typeof value === 'string' || value instanceof String;

interface TextInlinesClass {
  prototype: { buildInlines(textArray: unknown, stack: StyleStack | undefined): unknown; measure(array: unknown, stack: StyleStack | undefined): unknown };
}

/** pdfmake's StyleContextStack class (a CommonJS module exporting `default`; the import is the class or the module). */
export function styleStackClass(): StyleStackClass {
  const module = styleContextStackModule as { default?: StyleStackClass } & Partial<StyleStackClass>;
  const found = module.default ?? module;
  if (typeof found.getStyleProperty !== 'function' || typeof found.prototype?.getProperty !== 'function' || typeof found.prototype?.autopush !== 'function') {
    throw new Error('pdfmake changed: StyleContextStack.getStyleProperty / getProperty / autopush are gone (see style-lookup.ts)');
  }
  return found as StyleStackClass;
}

/** pdfmake's TextInlines class, the measuring of one text node. */
export function textInlinesClass(): TextInlinesClass {
  const module = textInlinesModule as { default?: TextInlinesClass } & Partial<TextInlinesClass>;
  const found = module.default ?? module;
  if (typeof found.prototype?.buildInlines !== 'function' || typeof found.prototype?.measure !== 'function') throw new Error('pdfmake changed: TextInlines.buildInlines / measure are gone (see style-lookup.ts)');
  return found as TextInlinesClass;
}

/**
 * The stack of the text node being measured, and its values found so far: a slot per property name, valid
 * while its generation is the current one (slots are reused, so a measuring allocates nothing once warm).
 */
let measuredStack: StyleStack | undefined;
let measuredDepth = 0;
let generation = 0;
interface Slot {
  generation: number;
  value: unknown;
}
const measuredValues = new Map<string, Slot>();

function stackValue(stack: StyleStack, property: string): unknown {
  // Anything pushed on the stack meanwhile (nothing is, in pdfmake 0.3.11) is looked up afresh.
  if (stack !== measuredStack || stack.styleOverrides.length !== measuredDepth) return stack.getProperty(property);
  const slot = measuredValues.get(property);
  if (slot !== undefined && slot.generation === generation) return slot.value;
  const value = stack.getProperty(property);
  if (slot === undefined) measuredValues.set(property, { generation, value });
  else {
    slot.generation = generation;
    slot.value = value;
  }
  return value;
}

type BuildInlines = (this: unknown, textArray: unknown, stack: StyleStack | undefined) => unknown;

/** Runs pdfmake's buildInlines with the stack's values remembered for its duration. */
export function rememberingStackValues(stack: StyleStack | undefined, build: BuildInlines, self: unknown, textArray: unknown): unknown {
  const nested = measuredStack !== undefined;
  generation++;
  // A nested measuring (none in pdfmake 0.3.11) would change what the outer one remembered: forget it.
  measuredStack = nested || !Array.isArray(stack?.styleOverrides) ? undefined : stack;
  measuredDepth = measuredStack ? measuredStack.styleOverrides.length : 0;
  try {
    return build.call(self, textArray, stack);
  } finally {
    measuredStack = undefined;
    generation++;
  }
}

/** pdfmake's lookup of a named style, `extends` included (a style reached twice counts as unset). */
function fromExtendedStyle(dictionary: StyleDictionary, name: unknown, property: string, visited: Set<unknown>): unknown {
  if (visited.has(name)) return undefined;
  visited.add(name);
  const style = dictionary[name as string];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromExtendedStyle(dictionary, parents[i], property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

function fromNamedStyle(dictionary: StyleDictionary, name: unknown, property: string): unknown {
  const style = dictionary[name as string];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  return style.extends ? fromExtendedStyle(dictionary, name, property, new Set()) : undefined;
}

/** One stack entry as pdfmake's getProperty reads it: `found` false means "look further down". */
function fromEntry(dictionary: StyleDictionary, entry: Entry, property: string): unknown {
  return isString(entry) ? fromNamedStyle(dictionary, entry, property) : (entry as Record<string, unknown>)[property];
}

/** StyleContextStack.prototype.getProperty: the top-most entry that sets the property, else the default style's. */
export function getProperty(this: StyleStack, property: string): unknown {
  const entries = this.styleOverrides;
  if (entries) {
    for (let i = entries.length - 1; i >= 0; i--) {
      const value = fromEntry(this.styleDictionary, entries[i], property);
      if (isValue(value)) return value;
    }
  }
  return this.defaultStyle && this.defaultStyle[property];
}

/**
 * StyleContextStack.getStyleProperty: the item's own value, else what the stack gives with the item's style
 * names and the item pushed on it (pdfmake's `auto` + `getProperty`), looked up without pushing them.
 */
export function getStyleProperty(item: Record<string, unknown>, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
  if (isValue(item[property])) return item[property];
  if (!stack) return defaultValue;
  // autopush pushes nothing for a string or a section; otherwise the style names, then the item (top of the stack).
  if (!isString(item) && typeof item.section === 'undefined') {
    // The item itself is the top entry; its own value was checked above.
    const styles = item.style;
    if (styles) {
      if (Array.isArray(styles)) {
        for (let i = styles.length - 1; i >= 0; i--) {
          const value = fromEntry(stack.styleDictionary, styles[i], property);
          if (isValue(value)) return value;
        }
      } else {
        const value = fromEntry(stack.styleDictionary, styles, property);
        if (isValue(value)) return value;
      }
    }
  }
  const value = stackValue(stack, property);
  return isValue(value) ? value : defaultValue;
}

/** StyleContextStack.prototype.autopush without the array it built for a single style name. */
export function autopush(this: StyleStack, item: unknown): number {
  if (isString(item)) return 0;
  const node = item as Record<string, unknown>;
  if (typeof node.section !== 'undefined') return 0;
  let pushed = 0;
  const styles = node.style;
  if (styles) {
    if (Array.isArray(styles)) {
      for (const name of styles) this.push(name);
      pushed = styles.length;
    } else {
      this.push(styles);
      pushed = 1;
    }
  }
  this.push(item);
  return pushed + 1;
}

/**
 * A word as TextInlines.measure finds it (`{ text }` and the text node's style, from TextBreaker), in an object
 * that already has a field for each of the twenty-odd properties measure then sets on it, unset. pdfmake adds
 * them one by one, which makes V8 grow and copy the word's property store several times per word. Nothing in
 * pdfmake tells a property that is unset from one that is absent (it reads them, and copies inlines by
 * enumerating their keys), and measure sets every one of these fields.
 */
function measurable(word: Record<string, unknown>): Record<string, unknown> {
  const shaped: Record<string, unknown> = {
    text: undefined,
    font: undefined,
    alignment: undefined,
    fontSize: undefined,
    fontFeatures: undefined,
    characterSpacing: undefined,
    color: undefined,
    decoration: undefined,
    decorationColor: undefined,
    decorationStyle: undefined,
    decorationThickness: undefined,
    background: undefined,
    link: undefined,
    linkToPage: undefined,
    linkToDestination: undefined,
    noWrap: undefined,
    opacity: undefined,
    sup: undefined,
    sub: undefined,
    width: undefined,
    height: undefined,
    leadingCut: undefined,
    trailingCut: undefined,
  };
  for (const key in word) if (Object.hasOwn(word, key)) shaped[key] = word[key];
  return shaped;
}

/** The part of a TextInlines instance `measure` uses. */
interface Measuring {
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): Font };
  widthOfText(text: string, inline: Record<string, unknown>): number;
}
interface Font {
  lineHeight(fontSize: number): number;
}

const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;

/** Two words as TextBreaker made them carry the same style: the same own keys and values, their text aside. */
export function sameStyle(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key) || key === 'text' || key === 'lineEnd') continue;
    if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
    keys++;
  }
  for (const key in b) if (Object.hasOwn(b, key) && key !== 'text' && key !== 'lineEnd') keys--;
  return keys === 0;
}

const isPlain = (word: unknown): word is Record<string, unknown> => word !== null && typeof word === 'object' && Object.getPrototypeOf(word) === Object.prototype;

/** Scratch: whether each word of the array being measured has its predecessor's style. */
const styleOfPrevious: boolean[] = [];

/**
 * TextInlines.prototype.measure (pdfmake 0.3.11), line for line, except that a word whose style is its
 * predecessor's (every word TextBreaker split from one text item: `copyStyle` gives them the item's keys and
 * values) takes the predecessor's twenty-odd looked-up values instead of asking the stack again. Each lookup
 * reads only the word's own value of the property (never `text` or `lineEnd`), its `style` and the stack,
 * which nothing changes while a node is measured; `provideFont` with the same arguments returns the font it
 * made for the first. Only the text-dependent fields (width, leading and trailing cuts) are measured per word.
 */
function measureWords(this: Measuring, array: unknown, stack: StyleStack | undefined): unknown {
  if (!Array.isArray(array)) return array;
  const words = array as Record<string, unknown>[];
  // Compared before measurable() copies them: the words as TextBreaker made them.
  for (let i = 0; i < words.length; i++) styleOfPrevious[i] = i > 0 && isPlain(words[i]) && isPlain(words[i - 1]) && sameStyle(words[i]!, words[i - 1]!);
  for (let i = 0; i < words.length; i++) if (isPlain(words[i])) words[i] = measurable(words[i]!);
  if (words.length) {
    const leadingIndent = getStyleProperty(words[0]!, stack, 'leadingIndent', 0);
    if (leadingIndent) {
      words[0]!.leadingCut = -(leadingIndent as number);
      words[0]!.leadingIndent = leadingIndent;
    }
  }
  let lineHeight: unknown = 1;
  let preserveLeadingSpaces: unknown = false;
  let preserveTrailingSpaces: unknown = false;
  for (let i = 0; i < words.length; i++) {
    const item = words[i]!;
    const previous = words[i - 1];
    if (styleOfPrevious[i] && previous !== undefined) {
      item.font = previous.font;
      item.alignment = previous.alignment;
      item.fontSize = previous.fontSize;
      item.fontFeatures = previous.fontFeatures;
      item.characterSpacing = previous.characterSpacing;
      item.color = previous.color;
      item.decoration = previous.decoration;
      item.decorationColor = previous.decorationColor;
      item.decorationStyle = previous.decorationStyle;
      item.decorationThickness = previous.decorationThickness;
      item.background = previous.background;
      item.link = previous.link;
      item.linkToPage = previous.linkToPage;
      item.linkToDestination = previous.linkToDestination;
      item.noWrap = previous.noWrap;
      item.opacity = previous.opacity;
      item.sup = previous.sup;
      item.sub = previous.sub;
      item.width = this.widthOfText(item.text as string, item);
      item.height = previous.height;
    } else {
      const font = getStyleProperty(item, stack, 'font', 'Roboto');
      const bold = getStyleProperty(item, stack, 'bold', false);
      const italics = getStyleProperty(item, stack, 'italics', false);
      item.font = this.pdfDocument.provideFont(font, bold, italics);
      item.alignment = getStyleProperty(item, stack, 'alignment', 'left');
      item.fontSize = getStyleProperty(item, stack, 'fontSize', 12);
      item.fontFeatures = getStyleProperty(item, stack, 'fontFeatures', null);
      item.characterSpacing = getStyleProperty(item, stack, 'characterSpacing', 0);
      item.color = getStyleProperty(item, stack, 'color', 'black');
      item.decoration = getStyleProperty(item, stack, 'decoration', null);
      item.decorationColor = getStyleProperty(item, stack, 'decorationColor', null);
      item.decorationStyle = getStyleProperty(item, stack, 'decorationStyle', null);
      item.decorationThickness = getStyleProperty(item, stack, 'decorationThickness', null);
      item.background = getStyleProperty(item, stack, 'background', null);
      item.link = getStyleProperty(item, stack, 'link', null);
      item.linkToPage = getStyleProperty(item, stack, 'linkToPage', null);
      item.linkToDestination = getStyleProperty(item, stack, 'linkToDestination', null);
      item.noWrap = getStyleProperty(item, stack, 'noWrap', null);
      item.opacity = getStyleProperty(item, stack, 'opacity', 1);
      item.sup = getStyleProperty(item, stack, 'sup', false);
      item.sub = getStyleProperty(item, stack, 'sub', false);
      if (item.sup || item.sub) item.fontSize = (item.fontSize as number) * 0.58;
      lineHeight = getStyleProperty(item, stack, 'lineHeight', 1);
      item.width = this.widthOfText(item.text as string, item);
      item.height = (item.font as Font).lineHeight(item.fontSize as number) * (lineHeight as number);
    }
    if (!item.leadingCut) item.leadingCut = 0;
    if (!styleOfPrevious[i]) preserveLeadingSpaces = getStyleProperty(item, stack, 'preserveLeadingSpaces', false);
    if (!preserveLeadingSpaces) {
      const leadingSpaces = (item.text as string).match(LEADING);
      if (leadingSpaces) item.leadingCut = (item.leadingCut as number) + this.widthOfText(leadingSpaces[0]!, item);
    }
    item.trailingCut = 0;
    if (!styleOfPrevious[i]) preserveTrailingSpaces = getStyleProperty(item, stack, 'preserveTrailingSpaces', false);
    if (!preserveTrailingSpaces) {
      const trailingSpaces = (item.text as string).match(TRAILING);
      if (trailingSpaces) item.trailingCut = this.widthOfText(trailingSpaces[0]!, item);
    }
  }
  return array;
}

let installed = false;

/** Replaces pdfmake's style lookups once per process. Throws if pdfmake changed them. */
export function installStyleLookup(): void {
  if (installed) return;
  const StyleContextStack = styleStackClass();
  const TextInlines = textInlinesClass();
  StyleContextStack.getStyleProperty = getStyleProperty;
  StyleContextStack.prototype.getProperty = getProperty;
  StyleContextStack.prototype.autopush = autopush;
  const buildInlines = TextInlines.prototype.buildInlines as BuildInlines;
  TextInlines.prototype.buildInlines = function (this: unknown, textArray: unknown, stack: StyleStack | undefined) {
    return rememberingStackValues(stack, buildInlines, this, textArray);
  };
  TextInlines.prototype.measure = measureWords;
  installed = true;
}
