/**
 * Bookmarks and the table of contents, from the headings the sections already have: every H1 and H2 gets an id
 * (its destination), a bookmark (an H2 under its section's H1) and a line in the contents, whose page number
 * pdfmake fills in after layout (`pageReference`). A new section gets both without doing anything.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { ROLE } from './structure.ts';

export interface NavigationEntry {
  level: 1 | 2;
  text: string;
  id: string;
}

type Node = Record<string, unknown>;

/**
 * Walks the content in reading order and makes every H1/H2 a bookmark (in place); returns them in order.
 * `prefix` keeps ids apart when called for separate parts of one document.
 */
export function addBookmarks(content: Content[], prefix = 'h'): NavigationEntry[] {
  const entries: NavigationEntry[] = [];
  let parentId: string | undefined;
  visit(content, (node) => {
    const role = node[ROLE];
    if (role !== 'H1' && role !== 'H2') return;
    const level = role === 'H1' ? 1 : 2;
    const text = plainText(node.text).trim();
    if (text === '') return;
    const id = `${prefix}${entries.length + 1}`;
    node.id = id;
    node.outline = true;
    node.outlineText = text;
    if (level === 1) parentId = id;
    else if (parentId) node.outlineParentId = parentId;
    entries.push({ level, text, id });
  });
  return entries;
}

/**
 * The contents: one line per entry, H2 entries indented, page numbers right-aligned. Title and page number both
 * lead to the heading (TOC > TOCI > Reference > Link, the link annotations inside the Link element with
 * `linkText` as their description).
 */
export function tableOfContents(entries: NavigationEntry[], colors: { text: string; ink: string }, linkText: (title: string) => string): Content {
  const lines: Content[] = entries.map(
    (entry) =>
      ({
        [ROLE]: 'TOCI',
        stack: [
          {
            [ROLE]: 'Reference',
            stack: [
              {
                [ROLE]: { link: linkText(entry.text) },
                columns: [
                  entry.level === 1
                    ? { text: entry.text, linkToDestination: entry.id, bold: true, fontSize: 10.5, color: colors.ink }
                    : { text: entry.text, linkToDestination: entry.id, fontSize: 9.5, color: colors.text, margin: [14, 0, 0, 0] },
                  { text: '00', pageReference: entry.id, width: 36, alignment: 'right', fontSize: entry.level === 1 ? 10.5 : 9.5, color: colors.text },
                ],
              },
            ],
          },
        ],
        margin: [0, entry.level === 1 ? 9 : 3, 0, 0],
      }) as unknown as Content,
  );
  return { [ROLE]: 'TOC', stack: lines } as unknown as Content;
}

function visit(content: unknown, onNode: (node: Node) => void): void {
  if (Array.isArray(content)) {
    for (const child of content) visit(child, onNode);
    return;
  }
  if (content === null || typeof content !== 'object') return;
  const node = content as Node;
  onNode(node);
  for (const key of ['stack', 'columns', 'ul', 'ol']) if (Array.isArray(node[key])) visit(node[key], onNode);
  const table = node.table as Node | undefined;
  if (table && Array.isArray(table.body)) visit(table.body, onNode);
}

/** A text node's words, with inline pieces (a subscript) joined as they are printed. */
export function plainText(text: unknown): string {
  if (typeof text === 'string' || typeof text === 'number') return String(text);
  if (Array.isArray(text)) return text.map(plainText).join('');
  if (text !== null && typeof text === 'object' && 'text' in text) return plainText((text as Node).text);
  return '';
}
