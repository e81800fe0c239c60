/**
 * Tagged PDF from pdfmake: the structure planned by structure.ts, written with pdfkit's own structure API.
 *
 * pdfmake 0.3 passes `tagged`, `lang`, `displayTitle` and `subset: 'PDF/UA'` through to pdfkit, but draws every
 * page without marking any content, and offers no hook for it. pdfkit (under it) has the whole API
 * (`markStructureContent`, `markContent('Artifact')`, `struct`, `addStructure`). What is missing is the link
 * from a drawn item back to the node it came from, and a place to open and close marked content around each
 * item. Two pdfmake internals give that, and nothing else is touched:
 *
 * - `LayoutBuilder.prototype.buildNextLine(textNode)`: the line it returns is stamped with the text node's
 *   structure element. Images, SVGs and canvas vectors need no hook: pdfmake hands the node object itself (or a
 *   copy of its own properties) to the renderer, stamp included.
 * - `Renderer.prototype.renderPages` and the per-item `render*` methods: each item is drawn inside a marked-content
 *   sequence of its element (consecutive items of one element share one), anything unstamped (table rules,
 *   cell tints, list bullets, running headers and footers) as an Artifact; a table header row that pdfmake
 *   repeats on a later page is a Pagination artifact there. When the pages are drawn, the planned tree is
 *   built in reading order and attached to the document.
 *
 * `installTagging()` checks that these methods exist and throws if pdfmake changed them (a silently untagged
 * PDF is worse than a failed render); test/unit/render/pdfmake-internals.test.ts pins the same contract.
 * Documents without stamps (and untagged documents) are drawn exactly as before.
 */
import layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import rendererModule from 'pdfmake/js/Renderer.js';
import { planOf, STRUCTURE, type ArtifactType, type StructureElement } from './structure.ts';
import { installChartDrawing } from './vega-pdf.ts';

/** The part of pdfkit's document the tagging uses (public pdfkit API). */
interface PdfKitDocument {
  options: { tagged?: boolean };
  page: object | null;
  addPage(...args: unknown[]): unknown;
  markContent(tag: string, options?: Record<string, unknown>): unknown;
  markStructureContent(tag: string, options?: Record<string, unknown>): StructureContent;
  endMarkedContent(): unknown;
  struct(type: string, options: Record<string, unknown>, children: unknown[]): PdfKitStructureElement;
  addStructure(element: PdfKitStructureElement): unknown;
}

type StructureContent = object;

interface PdfKitStructureElement {
  dictionary: { data: Record<string, unknown> };
}

interface Item {
  [STRUCTURE]?: StructureElement;
}

interface RendererInstance {
  pdfDocument: PdfKitDocument;
  [TAGGER]?: Tagger;
}

type Method = (this: RendererInstance, ...args: unknown[]) => unknown;
type Prototype = Record<string, unknown>;

const TAGGER = Symbol('effekt.tagger');

/** The renderer's methods that draw one page item, by the item argument they take. */
export const ITEM_METHODS = ['renderLine', 'renderVector', 'renderSVG', 'renderImage'] as const;
/** Items that change the graphics state around others: marked content must not straddle them. */
export const BOUNDARY_METHODS = ['beginClip', 'endClip', 'beginVerticalAlignment', 'endVerticalAlignment'] as const;

/**
 * pdfmake's layout and render classes: the very modules its Printer requires ('./LayoutBuilder', './Renderer'),
 * imported statically so a bundle carries them once. They are CommonJS modules exporting `default`; depending on
 * the loader the import is the class or the module object.
 */
export function pdfmakeInternals(): { layoutBuilder: Prototype; renderer: Prototype } {
  const classOf = (imported: unknown, path: string): Prototype => {
    const module = imported as { default?: { prototype?: Prototype }; prototype?: Prototype };
    const prototype = module.default?.prototype ?? module.prototype;
    if (!prototype) throw new Error(`pdfmake changed: ${path} no longer exports a class; the tagged-PDF hooks need it`);
    return prototype;
  };
  return { layoutBuilder: classOf(layoutBuilderModule, 'pdfmake/js/LayoutBuilder.js'), renderer: classOf(rendererModule, 'pdfmake/js/Renderer.js') };
}

let installed = false;

/** Hooks pdfmake once per process. Throws if the internals it relies on are gone. */
export function installTagging(): void {
  if (installed) return;
  const { layoutBuilder, renderer } = pdfmakeInternals();
  const required: [Prototype, string][] = [
    [layoutBuilder, 'buildNextLine'],
    [renderer, 'renderPages'],
    ...ITEM_METHODS.map((name): [Prototype, string] => [renderer, name]),
    ...BOUNDARY_METHODS.map((name): [Prototype, string] => [renderer, name]),
  ];
  for (const [prototype, name] of required) {
    if (typeof prototype[name] !== 'function') throw new Error(`pdfmake changed: ${name} is gone; the tagged-PDF hooks need it (see pdf-tagging.ts)`);
  }

  // Charts are svg nodes drawn from their vega scene: that drawing is wrapped below like any SVG.
  installChartDrawing(renderer);

  const buildNextLine = layoutBuilder.buildNextLine as (this: unknown, node: Item) => Item | null;
  layoutBuilder.buildNextLine = function (this: unknown, node: Item) {
    const line = buildNextLine.call(this, node);
    if (line && node[STRUCTURE]) line[STRUCTURE] = node[STRUCTURE];
    return line;
  };

  const renderPages = renderer.renderPages as Method;
  renderer.renderPages = function (this: RendererInstance, ...args: unknown[]) {
    const doc = this.pdfDocument;
    if (!doc.options.tagged) return renderPages.apply(this, args);
    const tagger = new Tagger(doc);
    this[TAGGER] = tagger;
    // An open sequence is closed on its own page, not carried by pdfkit onto the next one as an empty sequence.
    const addPage = doc.addPage;
    doc.addPage = (...pageArgs: unknown[]) => {
      tagger.close();
      tagger.page++;
      return addPage.apply(doc, pageArgs);
    };
    try {
      const result = renderPages.apply(this, args);
      tagger.close();
      tagger.attachTree();
      return result;
    } finally {
      delete (doc as Partial<PdfKitDocument>).addPage;
      delete this[TAGGER];
    }
  };

  for (const name of ITEM_METHODS) {
    const draw = renderer[name] as Method;
    renderer[name] = function (this: RendererInstance, item: unknown, ...rest: unknown[]) {
      this[TAGGER]?.open(item as Item);
      return draw.call(this, item, ...rest);
    };
  }
  for (const name of BOUNDARY_METHODS) {
    const apply = renderer[name] as Method;
    renderer[name] = function (this: RendererInstance, ...args: unknown[]) {
      this[TAGGER]?.close();
      return apply.apply(this, args);
    };
  }
  installed = true;
}

type Open = { element: StructureElement } | { artifact: ArtifactType } | null;

/** Marks the content of one document while pdfmake draws it, then builds its structure tree. */
class Tagger {
  page = 0;
  private current: Open = null;
  private readonly contents = new Map<StructureElement, StructureContent[]>();
  private readonly firstPage = new Map<StructureElement, number>();
  private root: StructureElement | undefined;

  constructor(private readonly doc: PdfKitDocument) {}

  open(item: Item): void {
    const element = item[STRUCTURE];
    const target: Open =
      !element || element.type === 'Artifact'
        ? { artifact: element?.artifact ?? 'Layout' }
        : this.isRepeatedHeader(element)
          ? { artifact: 'Pagination' }
          : { element };
    if (this.current && sameTarget(this.current, target)) return;
    this.close();
    if ('element' in target) {
      const content = this.doc.markStructureContent(target.element.type);
      const list = this.contents.get(target.element) ?? [];
      list.push(content);
      this.contents.set(target.element, list);
      this.root ??= rootOf(target.element);
    } else {
      this.doc.markContent('Artifact', { type: target.artifact });
    }
    this.current = target;
  }

  close(): void {
    if (!this.current) return;
    this.doc.endMarkedContent();
    this.current = null;
  }

  /** A header row's content drawn on a later page than its first is pdfmake's repetition of it. */
  private isRepeatedHeader(element: StructureElement): boolean {
    for (let e: StructureElement | undefined = element; e; e = e.parent) {
      if (!e.repeatsOnEachPage) continue;
      const first = this.firstPage.get(e);
      if (first === undefined) this.firstPage.set(e, this.page);
      return first !== undefined && first < this.page;
    }
    return false;
  }

  /** The planned tree, with the content each element received, in reading order. */
  attachTree(): void {
    if (!this.root) return;
    const plan = planOf(this.root);
    if (!plan) throw new Error('tagged content without a structure plan (planStructure was not called on this document)');
    const build = (element: StructureElement): PdfKitStructureElement | null => {
      const kids: unknown[] = [...(this.contents.get(element) ?? [])];
      for (const child of plan.children.get(element) ?? []) {
        const built = build(child);
        if (built) kids.push(built);
      }
      // Table cells and rows stay even when empty: a row must keep its columns.
      const keepEmpty = element.type === 'TD' || element.type === 'TH' || element.type === 'TR';
      if (kids.length === 0 && !keepEmpty) return null;
      const options: Record<string, unknown> = {};
      if (element.alt) options.alt = element.alt;
      if (element.scope) options.scope = element.scope;
      const built = this.doc.struct(element.type, options, kids);
      if (element.colSpan) {
        // pdfkit has no option for ColSpan; its attribute object is the one `scope` writes (O /Table).
        const data = built.dictionary.data;
        data.A = { ...((data.A as object | undefined) ?? { O: 'Table' }), ColSpan: element.colSpan };
      }
      return built;
    };
    const tree = build(plan.root);
    if (tree) this.doc.addStructure(tree);
  }
}

function sameTarget(a: NonNullable<Open>, b: NonNullable<Open>): boolean {
  if ('element' in a) return 'element' in b && a.element === b.element;
  return 'artifact' in b && a.artifact === b.artifact;
}

function rootOf(element: StructureElement): StructureElement {
  let root = element;
  while (root.parent) root = root.parent;
  return root;
}
