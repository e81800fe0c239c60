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
import { installLineDrawing } from './pdf-lines.ts';
import { installChartDrawing } from './vega-pdf.ts';

/** The part of pdfkit's document the tagging uses (public pdfkit API). */
interface PdfKitDocument {
  options: { tagged?: boolean };
  page: object | null;
  addPage(...args: unknown[]): unknown;
  markContent(tag: string, options?: Record<string, unknown>): unknown;
  markStructureContent(tag: string, options?: Record<string, unknown>): StructureContent;
  endMarkedContent(): unknown;
  struct(type: string, options: Record<string, unknown>, children: unknown[] | null): PdfKitStructureElement;
  addStructure(element: PdfKitStructureElement): unknown;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>): unknown;
  createStructParentTreeNextKey(): number;
  getStructParentTree(): { add(key: number, value: unknown): unknown };
}

type StructureContent = object;

interface PdfKitStructureElement {
  dictionary: { data: Record<string, unknown> };
  add(child: unknown): unknown;
  end(): unknown;
  _addAnnotationToParentTree?: (annotationRef: unknown) => void;
  /** pdfkit's (internal) writer of one kid into the element's K array, when the element is flushed. */
  _flushChild?: (child: unknown) => void;
}

/** What pdfkit hands an annotation's `structParent.add()`: its reference to the annotation (pdfkit-internal class). */
interface AnnotationReference {
  annotationRef: { data: { StructParent?: number } };
}

/** Where one word or line of a link is drawn (pdfkit's coordinates while the line is drawn) and where it leads. */
interface LinkArea {
  x: number;
  y: number;
  w: number;
  h: number;
  name: string;
}

/** A link annotation drawn inside a Link element, with the page it is on. */
interface TaggedAnnotation {
  reference: AnnotationReference;
  page: object;
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
  // A plain line's words as one text object per run (pdf-lines.ts), inside the marked content wrapped below.
  installLineDrawing(renderer);

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
    // pdfkit's own goTo writes the joined link annotations (see Tagger.writeLink); the document's is replaced below.
    const tagger = new Tagger(doc, doc.goTo);
    this[TAGGER] = tagger;
    // An open sequence is closed on its own page, not carried by pdfkit onto the next one as an empty sequence.
    const addPage = doc.addPage;
    doc.addPage = (...pageArgs: unknown[]) => {
      tagger.close();
      tagger.page++;
      return addPage.apply(doc, pageArgs);
    };
    // A link's annotation belongs to its Link element (OBJR), with a description, or screen readers meet an
    // unnamed rectangle outside the tree. pdfmake asks for one link per word: they are joined per drawn line.
    doc.goTo = (x: number, y: number, w: number, h: number, name: string) => {
      tagger.addLinkArea({ x, y, w, h, name });
      return doc;
    };
    try {
      const result = renderPages.apply(this, args);
      tagger.close();
      tagger.attachTree();
      return result;
    } finally {
      delete (doc as Partial<PdfKitDocument>).addPage;
      delete (doc as Partial<PdfKitDocument>).goTo;
      delete this[TAGGER];
    }
  };

  for (const name of ITEM_METHODS) {
    const draw = renderer[name] as Method;
    renderer[name] = function (this: RendererInstance, item: unknown, ...rest: unknown[]) {
      const tagger = this[TAGGER];
      tagger?.open(item as Item);
      const drawn = draw.call(this, item, ...rest);
      tagger?.flushLinks();
      return drawn;
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
  private readonly annotations = new Map<StructureElement, TaggedAnnotation[]>();
  private pendingLinks: LinkArea[] = [];
  private readonly firstPage = new Map<StructureElement, number>();
  private root: StructureElement | undefined;

  constructor(
    private readonly doc: PdfKitDocument,
    private readonly goTo: PdfKitDocument['goTo'],
  ) {}

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

  /** The Link element the content being drawn belongs to, if any. */
  openLink(): StructureElement | undefined {
    if (!this.current || !('element' in this.current)) return undefined;
    for (let e: StructureElement | undefined = this.current.element; e; e = e.parent) if (e.type === 'Link') return e;
    return undefined;
  }

  addLinkArea(area: LinkArea): void {
    this.pendingLinks.push(area);
  }

  /** The link areas of the item just drawn, one annotation per destination spanning its words. */
  flushLinks(): void {
    if (this.pendingLinks.length === 0) return;
    const byName = new Map<string, LinkArea>();
    for (const area of this.pendingLinks) {
      const joined = byName.get(area.name);
      if (!joined) {
        byName.set(area.name, { ...area });
        continue;
      }
      const right = Math.max(joined.x + joined.w, area.x + area.w);
      const bottom = Math.max(joined.y + joined.h, area.y + area.h);
      joined.x = Math.min(joined.x, area.x);
      joined.y = Math.min(joined.y, area.y);
      joined.w = right - joined.x;
      joined.h = bottom - joined.y;
    }
    this.pendingLinks = [];
    const link = this.openLink();
    for (const area of byName.values()) this.writeLink(area, link);
  }

  /** One link annotation, described, in its Link element (OBJR) and in the structure parent tree. */
  private writeLink(area: LinkArea, link: StructureElement | undefined): void {
    const page = (this.doc.page as { dictionary?: object } | null)?.dictionary;
    if (!link?.alt || !page) throw new Error(`a link to "${area.name}" outside a Link element with a description: give its node withRole(node, { link: … })`);
    const structParent = {
      // Called before pdfkit writes the annotation: its StructParent key must be in it then.
      add: (reference: AnnotationReference) => {
        reference.annotationRef.data.StructParent = this.doc.createStructParentTreeNextKey();
        const list = this.annotations.get(link) ?? [];
        list.push({ reference, page });
        this.annotations.set(link, list);
      },
    };
    this.goTo.call(this.doc, area.x, area.y, area.w, area.h, area.name, { Contents: new String(link.alt), structParent });
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
      const annotations = this.annotations.get(element) ?? [];
      const kids: unknown[] = [...(this.contents.get(element) ?? [])];
      for (const child of plan.children.get(element) ?? []) {
        const built = build(child);
        if (built) kids.push(built);
      }
      // Table cells and rows stay even when empty: a row must keep its columns.
      const keepEmpty = element.type === 'TD' || element.type === 'TH' || element.type === 'TR';
      if (kids.length === 0 && annotations.length === 0 && !keepEmpty) return null;
      const options: Record<string, unknown> = {};
      // A Link's description is its annotations' (Contents); the element itself reads as its text.
      if (element.alt && element.type !== 'Link') options.alt = element.alt;
      if (element.scope) options.scope = element.scope;
      const built = annotations.length === 0 ? this.doc.struct(element.type, options, kids) : linkElement(this.doc, element.type, options, kids, annotations);
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

/**
 * An element's link annotations as OBJR kids. pdfkit would register each in the parent tree under a new key, but
 * the annotation was written with its key already (see writeLink), and it would write the OBJR's page (Pg) as the
 * page current when the element is flushed, the last one by then: both are done here from what was recorded.
 */
function linkElement(doc: PdfKitDocument, type: string, options: Record<string, unknown>, kids: unknown[], annotations: TaggedAnnotation[]): PdfKitStructureElement {
  // Built open (no children given), so the hooks are in place before the annotations are added, then ended as
  // pdfkit's constructor ends an element built with its children.
  const element = doc.struct(type, options, null);
  const flushChild = element._flushChild;
  if (typeof flushChild !== 'function' || typeof element._addAnnotationToParentTree !== 'function') {
    throw new Error('pdfkit changed: a structure element has no _flushChild/_addAnnotationToParentTree; tagged links need them (see pdf-tagging.ts)');
  }
  const pages = new Map(annotations.map((a) => [a.reference, a.page]));
  element._addAnnotationToParentTree = (annotationRef: unknown) => {
    const key = (annotationRef as AnnotationReference['annotationRef']).data.StructParent;
    if (key === undefined) throw new Error('a link annotation without its StructParent key');
    doc.getStructParentTree().add(key, element.dictionary);
  };
  element._flushChild = function (this: PdfKitStructureElement, child: unknown) {
    const page = pages.get(child as AnnotationReference);
    if (!page) return flushChild.call(this, child);
    (this.dictionary.data.K as unknown[]).push({ Type: 'OBJR', Obj: (child as AnnotationReference).annotationRef, Pg: page });
  };
  for (const kid of kids) element.add(kid);
  for (const { reference } of annotations) element.add(reference);
  element.end();
  return element;
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
