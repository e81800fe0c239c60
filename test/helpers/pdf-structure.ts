/**
 * A tagged PDF's structure tree read back with pdfjs, one page at a time, with the text of each element's
 * marked content resolved. An element whose content spans pages appears once per page.
 */
import { mapPages, readPdf } from './pdf-document.ts';

export interface StructureNode {
  role: string;
  alt?: string;
  /** The text of this element's own marked content and its descendants', in order. */
  text: string;
  children: StructureNode[];
  /** Ids of the annotations (OBJR kids) that belong to this element, as `links[].id` names them. */
  annotations: string[];
  page: number;
}

/** A link annotation as a reader's assistive technology meets it. */
export interface PdfLink {
  id: string;
  page: number;
  /** Its description (/Contents). */
  contents: string | undefined;
  /** Its key in the structure parent tree; undefined when it is outside the tree. */
  structParent: number | undefined;
  /** The page its destination is on. */
  destinationPage: number | undefined;
}

export interface PdfStructure {
  /** The root's children per page (normally one Document element each). */
  pages: StructureNode[][];
  /** Per page, the text drawn outside any structure element (artifacts and untagged content). */
  outsideStructure: string[];
  displayDocTitle: boolean;
  language: string | undefined;
  pdfuaPart: string | null;
  outline: { title: string; items: { title: string }[] }[];
  links: PdfLink[];
}

interface RawNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: RawNode[];
}

interface RawAnnotation {
  subtype: string;
  id: string;
  contentsObj?: { str: string };
  structParent?: number;
  dest?: string | unknown[] | null;
}

export async function readStructure(bytes: Uint8Array): Promise<PdfStructure> {
  return readPdf(bytes, async (document) => {
    const links: PdfLink[] = [];
    const read = await mapPages(document, async (page, number) => {
      const content = await page.getTextContent({ includeMarkedContent: true });
      const textById = new Map<string, string>();
      const outside: string[] = [];
      const open: (string | null)[] = [];
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') open.push(item.id ?? null);
          else if (item.type === 'endMarkedContent') open.pop();
          continue;
        }
        const id = [...open].reverse().find((value) => value !== null);
        if (id) textById.set(id, `${textById.get(id) ?? ''}${item.str}${item.hasEOL ? ' ' : ''}`);
        else outside.push(item.str);
      }
      const tree = (await page.getStructTree()) as RawNode | null;
      const convert = (raw: RawNode): StructureNode | null => {
        if (raw.type === 'content') return null;
        if (raw.type === 'object') return null;
        const children = (raw.children ?? []).map(convert).filter((c): c is StructureNode => c !== null);
        const annotations = (raw.children ?? []).filter((c) => c.type === 'object').map((c) => c.id ?? '');
        const own = (raw.children ?? []).filter((c) => c.type === 'content').map((c) => textById.get(c.id ?? '') ?? '');
        const text = [...own, ...children.map((c) => c.text)].join(' ').replace(/\s+/g, ' ').trim();
        return { role: raw.role ?? '', ...(raw.alt !== undefined ? { alt: raw.alt } : {}), text, children, annotations, page: number };
      };
      for (const annotation of (await page.getAnnotations()) as RawAnnotation[]) {
        if (annotation.subtype !== 'Link') continue;
        const destination = typeof annotation.dest === 'string' ? await document.getDestination(annotation.dest) : annotation.dest;
        const target = destination?.[0];
        links.push({
          id: annotation.id,
          page: number,
          contents: annotation.contentsObj?.str || undefined,
          structParent: typeof annotation.structParent === 'number' && annotation.structParent >= 0 ? annotation.structParent : undefined,
          destinationPage: target && typeof target === 'object' ? (await document.getPageIndex(target as { num: number; gen: number })) + 1 : undefined,
        });
      }
      return {
        nodes: (tree?.children ?? []).map(convert).filter((c): c is StructureNode => c !== null),
        outside: outside.join(' ').replace(/\s+/g, ' ').trim(),
      };
    });
    const preferences = (await document.getViewerPreferences()) as Record<string, unknown> | null;
    const { info, metadata } = await document.getMetadata();
    const outline = ((await document.getOutline()) ?? []).map((item) => ({ title: item.title, items: item.items.map((child) => ({ title: child.title })) }));
    return {
      pages: read.map((page) => page.nodes),
      outsideStructure: read.map((page) => page.outside),
      displayDocTitle: preferences?.DisplayDocTitle === true,
      language: (info as Record<string, unknown>).Language as string | undefined,
      pdfuaPart: metadata?.get('pdfuaid:part') ?? null,
      outline,
      links,
    };
  });
}

/** Every element of the given role, in reading order (page by page, depth first). */
export function elementsOf(structure: PdfStructure, role: string): StructureNode[] {
  const found: StructureNode[] = [];
  const visit = (node: StructureNode) => {
    if (node.role === role) found.push(node);
    node.children.forEach(visit);
  };
  structure.pages.forEach((roots) => roots.forEach(visit));
  return found;
}
