/** Page-break rules, checked on the pdfmake document definition. */
import { readFileSync } from 'node:fs';
import type { Content, Node, NodeQueries, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportDefinition } from '../../../functions/core/report/index.ts';
import { MIN_ROWS_BEFORE_BREAK, pageBreakBefore, pageBreakRule } from '../../../functions/core/report/layout.ts';
import sv from '../../../report-templates/texts/sv.json' with { type: 'json' };
import en from '../../../report-templates/texts/en.json' with { type: 'json' };
import theme from '../../../report-templates/brand/theme.json' with { type: 'json' };
import { exampleMetrics, exampleSettings } from './fixtures.ts';

type Obj = Record<string, unknown>;

interface Visit {
  node: Obj;
  /** Ancestors, outermost first, each with the index of the child leading to this node. */
  path: { node: Obj; index: number }[];
}

/** Every object node in the content tree with its ancestors (arrays are stacks' children). */
function walk(content: unknown, path: Visit['path'] = [], out: Visit[] = []): Visit[] {
  if (Array.isArray(content)) {
    content.forEach((child, index) => walk(child, path.length > 0 ? [...path.slice(0, -1), { ...(path[path.length - 1] as Visit['path'][number]), index }] : path, out));
    return out;
  }
  if (content === null || typeof content !== 'object') return out;
  const node = content as Obj;
  out.push({ node, path });
  for (const key of ['stack', 'columns', 'ul', 'ol']) if (key in node) walk(node[key], [...path, { node, index: 0 }], out);
  const table = node.table as Obj | undefined;
  if (table && Array.isArray(table.body)) for (const row of table.body) walk(row, [...path, { node, index: 0 }], out);
  return out;
}

let definition: TDocumentDefinitions;
let nodes: Visit[];

beforeAll(async () => {
  definition = await buildReportDefinition({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 1 });
  nodes = walk(definition.content as Content);
});

describe('page-break rules', () => {
  it('keeps every chart inside an unbreakable stack', () => {
    const charts = nodes.filter((v) => 'svg' in v.node);
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const chart of charts) {
      expect(chart.path.some((a) => a.node.unbreakable === true), 'chart outside an unbreakable stack').toBe(true);
    }
  });

  it('keeps every heading together with the block that follows it', () => {
    const headings = nodes.filter((v) => typeof v.node.headlineLevel === 'number');
    expect(headings.length).toBeGreaterThan(10);
    for (const heading of headings) {
      const name = String(JSON.stringify(heading.node.text));
      const parent = heading.path[heading.path.length - 1];
      expect(parent, `heading ${name} is not in a stack`).toBeDefined();
      expect(parent?.node.unbreakable, `heading ${name} can be split from what follows`).toBe(true);
      const siblings = parent?.node.stack as unknown[];
      if ((parent?.index ?? 0) < siblings.length - 1) continue;
      // Last in its group: the group must be followed by a data table it is kept with (see the next tests).
      const outer = heading.path[heading.path.length - 2];
      const next = (outer?.node.stack as Obj[] | undefined)?.[(outer?.index ?? 0) + 1];
      expect(next?.role, `heading ${name} is the last item of its stack and no table follows`).toBe('Table');
      expect(typeof siblings[0] === 'object' && typeof (siblings[0] as Obj).id === 'string', `group of ${name} has no keep rule`).toBe(true);
    }
  });

  it('keeps every chart on the page of its heading', () => {
    const charts = nodes.filter((v) => 'svg' in v.node && typeof v.node.role === 'object' && v.node.role !== null && 'figure' in v.node.role);
    expect(charts.length).toBeGreaterThanOrEqual(9);
    const holdsHeading = (node: Obj): boolean => walk(node).some((v) => typeof v.node.headlineLevel === 'number');
    for (const chart of charts) {
      const alt = String((chart.node.role as Obj).figure);
      expect(
        chart.path.some((a) => a.node.unbreakable === true && holdsHeading(a.node)),
        `chart "${alt}" is not in an unbreakable group with a heading`,
      ).toBe(true);
    }
  });

  it('never puts a data table inside an unbreakable group (pdfmake drops a group taller than a page)', () => {
    const tables = nodes.filter((v) => v.node.role === 'Table');
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const table of tables) expect(table.path.some((a) => a.node.unbreakable === true)).toBe(false);
  });

  it('repeats the header row of every data table and keeps it with its first three rows', () => {
    const tables = nodes.filter((v) => {
      const table = v.node.table as Obj | undefined;
      const firstRow = (table?.body as Obj[][] | undefined)?.[0];
      return firstRow?.some((cell) => cell.style === 'tableHeader') === true;
    });
    expect(tables.length).toBeGreaterThanOrEqual(6);
    expect(MIN_ROWS_BEFORE_BREAK).toBe(3);
    for (const { node } of tables) {
      const rows = (node.table as { body: unknown[] }).body.length - 1;
      expect(node.table).toMatchObject({ headerRows: 1, keepWithHeaderRows: Math.min(3, rows), dontBreakRows: true });
    }
  });

  it('moves a heading that would end a page to the next one', () => {
    const queries = (following: number, next: number): NodeQueries => ({
      getFollowingNodesOnPage: () => Array.from({ length: following }, () => ({}) as Node),
      getNodesOnNextPage: () => Array.from({ length: next }, () => ({}) as Node),
      getPreviousNodesOnPage: () => [],
    });
    const heading = { headlineLevel: 2 } as Node;
    expect(pageBreakBefore(heading, queries(0, 3))).toBe(true);
    expect(pageBreakBefore(heading, queries(2, 3))).toBe(false);
    expect(pageBreakBefore({} as Node, queries(0, 3))).toBe(false);
  });

  it('moves a group kept with a table to the next page when the table would start there without it', () => {
    const table = { body: [] };
    const rule = pageBreakRule(new Map([['h7', table]]));
    const tableNode = { table } as unknown as Node;
    const other = { text: 'x' } as Node;
    const queries = (following: Node[], next: Node[], previous: Node[]): NodeQueries => ({
      getFollowingNodesOnPage: () => following,
      getNodesOnNextPage: () => next,
      getPreviousNodesOnPage: () => previous,
    });
    const group = { id: 'h7', text: 'Underlag' } as Node;
    expect(rule(group, queries([other], [tableNode], [other]))).toBe(true);
    // The table (its header and first three rows) starts on the group's page: nothing to do.
    expect(rule(group, queries([other, tableNode], [tableNode], [other]))).toBe(false);
    // Already at the top of a page: moving would not help.
    expect(rule(group, queries([other], [tableNode], []))).toBe(false);
    expect(rule({ id: 'h8' } as Node, queries([other], [tableNode], [other]))).toBe(false);
    expect(typeof definition.pageBreakBefore).toBe('function');
  });

  it('has a footer with page numbers and dates from the data, not the clock', () => {
    expect(typeof definition.footer).toBe('function');
    expect(definition.info?.creationDate?.toISOString()).toBe('2025-10-25T12:00:00.000Z');
    expect(definition.info?.modDate?.toISOString()).toBe('2025-10-25T12:00:00.000Z');
    expect(definition.language).toBe('sv-SE');
  });
});

describe('templates', () => {
  it('keeps the inlined logo identical to brand/logo.svg', () => {
    const file = readFileSync(new URL('../../../report-templates/brand/logo.svg', import.meta.url), 'utf8').trim();
    expect(theme.logo.svg).toBe(file);
  });

  it('has the same text keys in Swedish and English', () => {
    const keys = (o: unknown, prefix = ''): string[] =>
      o !== null && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix];
    expect(keys(en)).toEqual(keys(sv));
  });
});
