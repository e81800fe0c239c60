/**
 * The report's logical structure (the tagged-PDF structure tree), declared on the pdfmake content itself.
 *
 * A section marks what a node *is* with a `role` (`heading()` says H1/H2, `paragraph()` P, `dataTable()` Table,
 * `chartBlock()` a Figure with its alt text, decoration 'artifact'); `planStructure` walks the document
 * definition once, before pdfmake lays it out, and stamps every node with the structure element its content
 * belongs to (`_structure`). Nodes without a role inherit their parent's element, so a new section gets tagged
 * without knowing about any of this; loose text directly under a section becomes its own P, and a data table's
 * rows and cells become TR/TH/TD. pdf-tagging.ts carries the stamp from the nodes to what pdfmake draws and
 * builds the tree in this order, which is the reading order of the definition, not the drawing order.
 */
import type { Content } from 'pdfmake/interfaces.js';

/** Standard structure types (ISO 32000-1, 14.8.4) the report uses. */
export type StructureType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'TOC'
  | 'TOCI'
  | 'Reference'
  | 'Link'
  | 'BlockQuote'
  | 'Note'
  | 'Figure';

/** Artifact kinds: running headers and footers are Pagination, rules and tints Layout, the cover's band Background. */
export type ArtifactType = 'Pagination' | 'Layout' | 'Background';

/**
 * What a node says it is. A Figure must say what it shows: its alt text states the chart's message. A Link says
 * where it leads (its annotation's description, read out instead of the bare rectangle).
 */
export type Role =
  | Exclude<StructureType, 'Figure' | 'Link' | 'Document' | 'TR' | 'TH' | 'TD' | 'LI' | 'LBody'>
  | { figure: string }
  | { link: string }
  | 'artifact'
  | { artifact: ArtifactType };

/** One structure element (or an artifact) of the plan; nodes point at it through `_structure`. */
export interface StructureElement {
  readonly type: StructureType | 'Artifact';
  readonly artifact?: ArtifactType;
  readonly alt?: string;
  readonly parent?: StructureElement;
  /** TH: whose header it is. */
  readonly scope?: 'Column' | 'Row';
  readonly colSpan?: number;
  /** A table's header row: pdfmake draws it again on every page the table continues on. */
  readonly repeatsOnEachPage?: boolean;
}

/** The planned tree: children in reading order. Kept apart from the elements so the content stays acyclic. */
export interface StructurePlan {
  readonly root: StructureElement;
  readonly children: ReadonlyMap<StructureElement, readonly StructureElement[]>;
}

/** Property names this module reads and writes on pdfmake nodes. */
export const ROLE = 'role';
export const STRUCTURE = '_structure';

type Node = Record<string, unknown>;

const plans = new WeakMap<StructureElement, StructurePlan>();

/** Gives a node its role; returns the same node (for use inside content literals). */
export function withRole<T extends Content>(node: T, role: Role): T {
  (node as unknown as Node)[ROLE] = role;
  return node;
}

/** The plan a stamped element belongs to (from its root). */
export function planOf(element: StructureElement): StructurePlan | undefined {
  let root = element;
  while (root.parent) root = root.parent;
  return plans.get(root);
}

/** Elements whose loose text becomes paragraphs of its own instead of joining the element. */
const GROUPING = new Set<StructureType | 'Artifact'>(['Document', 'Sect', 'Div', 'BlockQuote', 'Note', 'TOC', 'TOCI']);

export interface PlannedSection {
  content: Content[];
}

/**
 * Stamps every node of every section (in place: pdfmake keeps object nodes as they are) and returns the plan:
 * a Document with one Sect per section. Strings and arrays standing for nodes are replaced by objects so each
 * can carry its stamp.
 */
export function planStructure(sections: PlannedSection[]): StructurePlan {
  const children = new Map<StructureElement, StructureElement[]>();
  const root: StructureElement = { type: 'Document' };
  const add = (element: StructureElement): StructureElement => {
    if (element.parent && element.type !== 'Artifact') {
      const list = children.get(element.parent) ?? [];
      list.push(element);
      children.set(element.parent, list);
    }
    return element;
  };
  const walker = new Walker(add);
  for (const section of sections) {
    const sect = add({ type: 'Sect', parent: root });
    walker.walkList(section.content, sect);
  }
  const plan: StructurePlan = { root, children };
  plans.set(root, plan);
  return plan;
}

/** Marks a whole content tree (a running header, a footer, a background) as an artifact. */
export function markArtifact<T extends Content | null | undefined>(content: T, artifact: ArtifactType): T {
  if (content === null || content === undefined) return content;
  const element: StructureElement = { type: 'Artifact', artifact };
  const holder = { stack: [content] as unknown[] };
  new Walker((e) => e).walkList(holder.stack, element);
  return holder.stack[0] as T;
}

class Walker {
  constructor(private readonly add: (element: StructureElement) => StructureElement) {}

  /** Walks the nodes of an array in place (normalising strings and nested arrays to nodes). */
  walkList(list: unknown[], parent: StructureElement): void {
    for (let i = 0; i < list.length; i++) {
      const node = normalise(list[i]);
      list[i] = node;
      this.walk(node, parent);
    }
  }

  walk(node: Node, parent: StructureElement): void {
    const own = this.elementFor(node, parent);
    const element = own ?? parent;
    node[STRUCTURE] = element;
    if (Array.isArray(node.stack)) this.walkList(node.stack, element);
    else if (Array.isArray(node.columns)) this.walkList(node.columns, element);
    else if (Array.isArray(node.ul) || Array.isArray(node.ol)) this.walkListItems((node.ul ?? node.ol) as unknown[], element);
    else if (isObject(node.table)) this.walkTable(node.table as Node, element, own !== undefined && own.type === 'Table');
    else if (Array.isArray(node.canvas)) for (const vector of node.canvas as Node[]) vector[STRUCTURE] = element;
  }

  private elementFor(node: Node, parent: StructureElement): StructureElement | undefined {
    const role = node[ROLE] as Role | undefined;
    if (parent.type === 'Artifact') return undefined;
    if (role !== undefined) {
      if (role === 'artifact') return { type: 'Artifact', artifact: 'Layout' };
      if (typeof role === 'object' && 'artifact' in role) return { type: 'Artifact', artifact: role.artifact };
      if (typeof role === 'object' && 'figure' in role) {
        if (role.figure.trim() === '') throw new Error('a Figure needs alt text that states its message');
        return this.add({ type: 'Figure', alt: role.figure, parent });
      }
      if (typeof role === 'object' && 'link' in role) {
        if (role.link.trim() === '') throw new Error('a Link needs a description of where it leads');
        return this.add({ type: 'Link', alt: role.link, parent });
      }
      return this.add({ type: role, parent });
    }
    if ('svg' in node || 'image' in node) {
      // A picture nobody described would be silent for a screen-reader user, or noise: the author must choose.
      throw new Error('an image or SVG needs a role: withRole(node, { figure: alt text }) or withRole(node, "artifact")');
    }
    if (Array.isArray(node.ul) || Array.isArray(node.ol)) return this.add({ type: 'L', parent });
    if (GROUPING.has(parent.type) && isText(node)) return this.add({ type: 'P', parent });
    return undefined;
  }

  private walkListItems(items: unknown[], list: StructureElement): void {
    for (let i = 0; i < items.length; i++) {
      const node = normalise(items[i]);
      items[i] = node;
      const item = this.add({ type: 'LI', parent: list });
      this.walk(node, this.add({ type: 'LBody', parent: item }));
    }
  }

  /** A data table becomes Table/TR/TH/TD; a layout table (a tinted box, a grid of cards) is transparent. */
  private walkTable(table: Node, element: StructureElement, isData: boolean): void {
    const body = (Array.isArray(table.body) ? table.body : []) as unknown[][];
    const headerRows = typeof table.headerRows === 'number' ? table.headerRows : 0;
    const covered = new Set<string>();
    body.forEach((row, r) => {
      const tr = isData ? this.add({ type: 'TR', parent: element, repeatsOnEachPage: r < headerRows }) : element;
      row.forEach((value, c) => {
        const cell = normalise(value);
        row[c] = cell;
        if (covered.has(`${r},${c}`)) {
          // A placeholder under a spanning cell: pdfmake draws nothing for it.
          cell[STRUCTURE] = tr;
          return;
        }
        const colSpan = typeof cell.colSpan === 'number' ? cell.colSpan : 1;
        const rowSpan = typeof cell.rowSpan === 'number' ? cell.rowSpan : 1;
        for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) if (dr > 0 || dc > 0) covered.add(`${r + dr},${c + dc}`);
        if (!isData) {
          this.walk(cell, element);
          return;
        }
        const header = r < headerRows;
        const td = this.add({
          type: header ? 'TH' : 'TD',
          parent: tr,
          ...(header ? { scope: 'Column' as const } : {}),
          ...(colSpan > 1 ? { colSpan } : {}),
        });
        this.walk(cell, td);
      });
    });
  }
}

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isText(node: Node): boolean {
  if (!('text' in node)) return false;
  const text = node.text;
  return !(text === '' || (Array.isArray(text) && text.length === 0));
}

/** pdfmake accepts a string or an array where a node is expected: make it a node that can carry a stamp. */
function normalise(value: unknown): Node {
  if (Array.isArray(value)) return { stack: value };
  if (isObject(value)) return value;
  return { text: value === null || value === undefined ? '' : String(value) };
}
