/** Building blocks shared by the sections, and the page-break rules they rely on. */
import type { Content, ContentStack, ContentTable, Node, NodeQueries, StyleDictionary, TableCell } from 'pdfmake/interfaces.js';
import { renderChart, type ChartInput, type ChartName } from './charts.ts';
import { CONTENT_WIDTH, type ReportContext } from './context.ts';
import { describeChart } from './chart-alt.ts';
import { withRole } from './structure.ts';
import { THEME } from './theme.ts';
import { drawingNode } from './vega-pdf.ts';

const { colors } = THEME;

export const STYLES: StyleDictionary = {
  h1: { fontSize: 21, bold: true, color: colors.primary, margin: [0, 0, 0, 10] },
  h2: { fontSize: 13, bold: true, color: colors.ink, margin: [0, 16, 0, 5] },
  h3: { fontSize: 10.5, bold: true, color: colors.primary, margin: [0, 10, 0, 4] },
  body: { fontSize: 9.5, color: colors.text, lineHeight: 1.3, margin: [0, 0, 0, 6] },
  lead: { fontSize: 11, color: colors.text, lineHeight: 1.3, margin: [0, 0, 0, 12] },
  caption: { fontSize: 7.8, color: colors.muted, lineHeight: 1.25, margin: [0, 3, 0, 8] },
  note: { fontSize: 8.5, color: colors.muted, lineHeight: 1.3, margin: [0, 2, 0, 6] },
  tableHeader: { fontSize: 7.6, bold: true, color: colors.primary },
  tableCell: { fontSize: 8, color: colors.text },
  suppressed: { fontSize: 8, color: colors.muted },
};

/**
 * A heading carries its level so the page-break rule can find it, and its role (H1–H3) for the structure tree;
 * navigation.ts gives levels 1 and 2 their bookmark and table-of-contents entry.
 */
export function heading(text: string | Content[], level: 1 | 2 | 3, options: { pageBreakBefore?: boolean } = {}): Content {
  return withRole(
    {
      text,
      style: `h${level}`,
      headlineLevel: level,
      ...(options.pageBreakBefore ? { pageBreak: 'before' as const } : {}),
    } as Content,
    `H${level}`,
  );
}

export function paragraph(text: string | Content[], style: 'body' | 'lead' | 'caption' | 'note' = 'body'): Content {
  return withRole({ text, style } as Content, 'P');
}

/** Rows a table shows before its first page break: never a header with just one or two rows under it. */
export const MIN_ROWS_BEFORE_BREAK = 3;

/** Marks the first node of a group that must share its page with the start of a table (see `keepRules`). */
const KEEP_WITH = '_keepWith';

/**
 * Never split: used for every chart with its caption, and for a heading with its first block. A data table at
 * the end is not put inside the unbreakable group (a group taller than a page would be lost): the group is kept
 * with the table's header and first rows by `pageBreakRule` instead, and the table keeps those rows together.
 */
export function keepTogether(...content: Content[]): ContentStack {
  return keepGroup(content, {});
}

/** A section starts on a new page with its title kept with what follows. */
export function sectionStart(title: string | Content[], first: Content[]): Content {
  return keepGroup([heading(title, 1), ...first], { pageBreak: 'before' });
}

function keepGroup(content: Content[], options: { pageBreak?: 'before' }): ContentStack {
  const last = content[content.length - 1];
  if (content.length < 2 || !isDataTable(last)) return { stack: content, unbreakable: true, ...options };
  const head = content.slice(0, -1);
  (head[0] as unknown as Record<string, unknown>)[KEEP_WITH] = (last as ContentTable).table;
  return { stack: [{ stack: head, unbreakable: true }, last], ...options };
}

function isHeading(node: unknown): boolean {
  return typeof node === 'object' && node !== null && typeof (node as { headlineLevel?: unknown }).headlineLevel === 'number';
}

function isDataTable(node: Content | undefined): node is ContentTable {
  return typeof node === 'object' && node !== null && 'table' in node && (node as unknown as Record<string, unknown>).role === 'Table';
}

export interface ChartBlockOptions {
  caption?: string;
  /** A heading of its own (H3), kept on the chart's page: a chart never leaves its heading. */
  heading?: string;
  /** Largest width in points; wider charts are scaled down to fit. */
  maxWidth?: number;
}

/**
 * Lays out a chart (drawn into the PDF by vega-pdf.ts) and wraps it, with its caption, in a stack that never splits across pages. The chart is
 * a Figure whose alt text states its message, worded from the chart's own data (chart-alt.ts).
 */
export async function chartBlock(ctx: ReportContext, name: ChartName, input: ChartInput, options: ChartBlockOptions = {}): Promise<ContentStack> {
  const chart = await renderChart(name, input, ctx.locale);
  const width = Math.min(chart.width, options.maxWidth ?? CONTENT_WIDTH);
  const content: Content[] = [withRole(drawingNode(chart, width), { figure: describeChart(ctx, name, input) })];
  if (options.heading) content.unshift(heading(options.heading, 3));
  if (options.caption) content.push(paragraph(options.caption, 'caption'));
  return { stack: content, unbreakable: true, margin: [0, 4, 0, 4] };
}

/** A table whose header row repeats on every page it spans. */
export function dataTable(
  header: string[],
  rows: TableCell[][],
  widths: (number | '*' | 'auto')[],
  options: { alignRight?: number[]; groupRows?: boolean[] } = {},
): ContentTable {
  // groupRows[i]: body row i starts a new group, drawn with a stronger rule above it.
  const groupStarts = options.groupRows;
  const right = new Set(options.alignRight ?? []);
  const align = (i: number) => (right.has(i) ? ('right' as const) : ('left' as const));
  const headerRow: TableCell[] = header.map((text, i) => ({ text, style: 'tableHeader', alignment: align(i) }));
  const body: TableCell[][] = [
    headerRow,
    ...rows.map((row) =>
      row.map((cell, i): TableCell => {
        if (typeof cell === 'string') return { text: cell, style: 'tableCell', alignment: align(i) };
        return cell;
      }),
    ),
  ];
  return withRole({
    table: { headerRows: 1, keepWithHeaderRows: Math.min(MIN_ROWS_BEFORE_BREAK, rows.length), widths, body, dontBreakRows: true },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : i === 1 ? 0.9 : groupStarts?.[i - 1] ? 0.7 : groupStarts ? 0 : 0.4),
      vLineWidth: () => 0,
      hLineColor: (i) => (i === 1 ? colors.primary : colors.rule),
      paddingLeft: (i) => (i === 0 ? 0 : 4),
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 2, 0, 8],
  } as ContentTable, 'Table');
}

/** A cell spanning the rest of a row (pdfmake wants placeholders for the spanned cells). */
export function spanningCell(content: TableCell, span: number): TableCell[] {
  const first = typeof content === 'string' ? { text: content, style: 'suppressed', colSpan: span } : { ...(content as object), colSpan: span };
  return [first as TableCell, ...Array.from({ length: span - 1 }, () => '')];
}

/** A tinted box for notes the reader must not miss (descriptive-only instruments, the benchmark caveat). */
export function callout(content: Content[]): Content {
  // A layout table for the tint: its text is a Div of paragraphs, not a table.
  return withRole(
    {
      table: { widths: ['*'], body: [[{ stack: content, fillColor: colors.panel, margin: [8, 6, 8, 4] }]] },
      layout: 'noBorders',
      margin: [0, 4, 0, 10],
    },
    'Div',
  );
}

/** Safety net behind keepTogether: a heading that would still end a page moves to the next one. */
export function pageBreakBefore(node: Node, queries: NodeQueries): boolean {
  if (node.headlineLevel === undefined || node.pageBreak === 'before') return false;
  return queries.getFollowingNodesOnPage().length === 0 && queries.getNodesOnNextPage().length > 0;
}

/**
 * Gives every group that `keepTogether` keeps with a table an id (its first node's, else `keep-N`) and returns
 * id → table, for `pageBreakRule`. Deterministic: ids follow the reading order.
 */
export function keepRules(content: Content[]): Map<string, unknown> {
  const rules = new Map<string, unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      // A heading group written just before its table ([keepTogether(heading, intro), dataTable(...)]) is kept with it too.
      value.forEach((item, i) => {
        const next = value[i + 1] as Content | undefined;
        const group = item as { unbreakable?: boolean; stack?: unknown[] } | null;
        if (isDataTable(next) && group?.unbreakable && Array.isArray(group.stack) && group.stack.some(isHeading)) {
          const first = group.stack[0] as Record<string, unknown>;
          first[KEEP_WITH] ??= next.table;
        }
      });
      return value.forEach(visit);
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node[KEEP_WITH]) {
      if (typeof node.id !== 'string') node.id = `keep-${rules.size + 1}`;
      rules.set(node.id as string, node[KEEP_WITH]);
    }
    for (const key of ['stack', 'columns', 'ul', 'ol']) visit(node[key]);
    const table = node.table as { body?: unknown } | undefined;
    if (table) visit(table.body);
  };
  visit(content);
  return rules;
}

/**
 * The document's page-break rule: `pageBreakBefore`, and a group kept with a table moves to the next page when
 * the table (its header and first rows, which pdfmake keeps together) would start there without it.
 */
export function pageBreakRule(keeps: Map<string, unknown>): (node: Node, queries: NodeQueries) => boolean {
  return (node, queries) => {
    const table = typeof node.id === 'string' ? keeps.get(node.id) : undefined;
    if (table !== undefined && node.pageBreak !== 'before') {
      const holdsTable = (n: Node) => (n as { table?: unknown }).table === table;
      if (!queries.getFollowingNodesOnPage().some(holdsTable) && queries.getNodesOnNextPage().some(holdsTable) && queries.getPreviousNodesOnPage().length > 0) return true;
    }
    return pageBreakBefore(node, queries);
  };
}
