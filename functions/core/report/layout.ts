/** Building blocks shared by the sections, and the page-break rules they rely on. */
import type { Content, ContentStack, ContentTable, Node, NodeQueries, StyleDictionary, TableCell } from 'pdfmake/interfaces.js';
import { renderChart, type ChartInput, type ChartName } from './charts.ts';
import { CONTENT_WIDTH, type ReportContext } from './context.ts';
import { describeChart } from './chart-alt.ts';
import { withRole } from './structure.ts';
import { THEME } from './theme.ts';

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

/** Never split: used for every chart with its caption, and for a heading with its first block. */
export function keepTogether(...content: Content[]): ContentStack {
  return { stack: content, unbreakable: true };
}

/** A section starts on a new page with its title kept with what follows. */
export function sectionStart(title: string, first: Content[]): Content {
  return { stack: [heading(title, 1), ...first], unbreakable: true, pageBreak: 'before' };
}

export interface ChartBlockOptions {
  caption?: string;
  /** Largest width in points; wider charts are scaled down to fit. */
  maxWidth?: number;
}

/**
 * Renders a chart to SVG and wraps it, with its caption, in a stack that never splits across pages. The chart is
 * a Figure whose alt text states its message, worded from the chart's own data (chart-alt.ts).
 */
export async function chartBlock(ctx: ReportContext, name: ChartName, input: ChartInput, options: ChartBlockOptions = {}): Promise<ContentStack> {
  const chart = await renderChart(name, input, ctx.locale);
  const width = Math.min(chart.width, options.maxWidth ?? CONTENT_WIDTH);
  const content: Content[] = [withRole({ svg: chart.svg, width }, { figure: describeChart(ctx, name, input) })];
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
    table: { headerRows: 1, keepWithHeaderRows: 1, widths, body, dontBreakRows: true },
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

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
