/**
 * The accessible PDF read back: the structure tree (pdfjs getStructTree) has the section headings in reading
 * order, tables with header cells, one Figure with alt text per chart; running headers and footers stay out of
 * it; language, DisplayDocTitle, PDF/UA identification and bookmarks are there. pdfinfo (poppler) is asked too
 * when it is installed (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportDefinition, renderReport } from '../../../functions/core/report/index.ts';
import { fill } from '../../../functions/core/report/texts.ts';
import sv from '../../../report-templates/texts/sv.json' with { type: 'json' };
import en from '../../../report-templates/texts/en.json' with { type: 'json' };
import { elementsOf, readStructure, type PdfStructure } from '../../helpers/pdf-structure.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

let swedish: Uint8Array;
let structure: PdfStructure;
let english: PdfStructure;
let definition: TDocumentDefinitions;

beforeAll(async () => {
  swedish = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 2 });
  structure = await readStructure(swedish);
  english = await readStructure(await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('en'), version: 2 }));
  definition = await buildReportDefinition({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 2 });
});

/** The alt texts the definition asks for, one per chart and picture (the nodes carrying a figure role). */
function plannedFigures(content: unknown, out: string[] = []): string[] {
  if (Array.isArray(content)) {
    for (const child of content) plannedFigures(child, out);
    return out;
  }
  if (content === null || typeof content !== 'object') return out;
  const node = content as Record<string, unknown>;
  const role = node.role as { figure?: string } | undefined;
  if (role && typeof role === 'object' && typeof role.figure === 'string') out.push(role.figure);
  for (const key of ['stack', 'columns', 'ul', 'ol']) plannedFigures(node[key], out);
  const table = node.table as { body?: unknown } | undefined;
  if (table) plannedFigures(table.body, out);
  return out;
}

describe('the structure tree', () => {
  it('has one Document with a section (Sect) per part of the report on every page', () => {
    structure.pages.forEach((roots, i) => {
      expect(roots.map((r) => r.role), `page ${i + 1}`).toEqual(['Document']);
      expect(roots[0]?.children.every((c) => c.role === 'Sect'), `page ${i + 1}`).toBe(true);
    });
  });

  it('has the section headings as H1, in reading order, and subsection headings as H2', () => {
    const h1 = elementsOf(structure, 'H1').map((h) => h.text);
    // What a manager reads first (key findings; the example has no commentary), then the contents, then the rest.
    expect(h1).toEqual([
      sv.findings.heading,
      sv.toc.heading,
      sv.summary.heading,
      sv.pyramid.heading,
      sv.reaction.heading,
      sv.change.heading,
      sv.trend.heading,
      sv.limitations.heading,
      sv.method.heading,
    ]);
    const h2 = elementsOf(structure, 'H2').map((h) => h.text);
    expect(h2).toContain(sv.reaction.distributionHeading);
    expect(h2).toContain(sv.method.suppressionHeading);
    expect(elementsOf(english, 'H1').map((h) => h.text)).toContain(en.method.heading);
  });

  it('gives every table a first row of header cells (TH) and data cells (TD) below', () => {
    const tables = elementsOf(structure, 'Table');
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const table of tables) {
      const [first, ...rest] = table.children;
      expect(first?.role).toBe('TR');
      const headerCells = first?.children ?? [];
      // A table continued on a new page repeats its header as an artifact: pdfjs's view of that page shows the
      // header row's cells without content, or the rows start with data.
      if (headerCells[0]?.role === 'TD' || headerCells.every((cell) => cell.text === '')) continue;
      expect(headerCells.length).toBeGreaterThan(1);
      expect(headerCells.every((cell) => cell.role === 'TH' && cell.text !== '')).toBe(true);
      expect(rest.every((row) => row.role === 'TR' && row.children.every((cell) => cell.role === 'TD'))).toBe(true);
    }
    const headers = elementsOf(structure, 'TH').map((th) => th.text);
    for (const text of [sv.change.dimension, sv.change.rater, sv.change.pre, sv.change.post, sv.reaction.question, sv.method.file]) expect(headers).toContain(text);
  });

  it('marks a header row that pdfmake repeats on the next page as an artifact, not as a second header', () => {
    const metrics = exampleMetrics();
    // Enough source files for the method table to run over a page.
    metrics.sources = Array.from({ length: 60 }, (_, i) => ({ ...metrics.sources[0]!, file: `fil-${String(i + 1).padStart(2, '0')}.csv` }));
    return renderReport({ metrics, settings: exampleSettings('sv'), version: 1 })
      .then(readStructure)
      .then((long) => {
        const fileHeaders = elementsOf(long, 'TH').filter((th) => th.text === sv.method.file);
        expect(fileHeaders).toHaveLength(1);
        // The table goes on over the next page, which starts with the repeated header, drawn as an artifact.
        const next = fileHeaders[0]!.page;
        expect(elementsOf(long, 'TD').some((td) => td.page === next + 1 && td.text.startsWith('fil-'))).toBe(true);
        // Never fewer than three rows before the break.
        const rowsOnFirstPage = elementsOf(long, 'TD').filter((td) => td.page === next && td.text.startsWith('fil-')).length;
        expect(rowsOnFirstPage).toBeGreaterThanOrEqual(3);
        expect(long.outsideStructure[next]).toMatch(new RegExp(`${sv.method.file} ${sv.method.dataset}`));
      });
  });

  it('has one Figure with non-empty alt text per chart and picture, stating its message', () => {
    const planned = plannedFigures(definition.content as Content);
    // Eight charts in the example plus the pyramid.
    expect(planned.length).toBeGreaterThanOrEqual(9);
    const figures = elementsOf(structure, 'Figure');
    expect(figures.map((f) => f.alt)).toEqual(planned);
    for (const figure of figures) expect(figure.alt?.trim().length ?? 0).toBeGreaterThan(20);
    const alts = figures.map((f) => f.alt ?? '');
    expect(alts.some((alt) => alt.startsWith('Medelvärden före och efter för fem dimensioner') && /alla steg \d,\d–\d,\d poäng uppåt/.test(alt))).toBe(true);
    expect(alts.some((alt) => alt.startsWith('Effektpyramiden') && alt.includes('nöjdhet 8,8 av 10'))).toBe(true);
    expect(elementsOf(english, 'Figure').some((f) => f.alt?.startsWith('Means before and after'))).toBe(true);
  });

  it('keeps the text of a chart as real text inside its Figure (drawn from the vega scene, not a picture of text)', () => {
    const dumbbells = elementsOf(structure, 'Figure').filter((f) => f.alt?.startsWith('Medelvärden före och efter'));
    expect(dumbbells.length).toBeGreaterThan(0);
    for (const figure of dumbbells) expect(figure.text).toMatch(/Före.*Efter/);
    expect(dumbbells.some((figure) => figure.text.includes('Självskattning'))).toBe(true);
  });

  it('gives each programme on the cover a paragraph of its own, so their names are not read as one', () => {
    const settings = exampleSettings();
    const names = exampleMetrics().programs.map((id) => settings.programNames[id] ?? id);
    expect(names.length).toBeGreaterThan(1);
    const coverParagraphs = elementsOf(structure, 'P')
      .filter((p) => p.page === 1)
      .map((p) => p.text);
    for (const name of names) expect(coverParagraphs).toContain(name);
  });

  it('lists (L > LI > LBody) keep their items', () => {
    const lists = elementsOf(structure, 'L');
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect(list.children.every((item) => item.role === 'LI' && item.children[0]?.role === 'LBody')).toBe(true);
  });

  it('keeps running headers and footers out of the structure (artifacts)', () => {
    const footer = /Sida \d+ av \d+/;
    structure.outsideStructure.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toMatch(footer);
    });
    const tagged = structure.pages.flat().map((r) => r.text).join(' ');
    expect(tagged).not.toMatch(footer);
    expect(tagged).toContain(sv.change.intro.slice(0, 40));
  });

  it('a table of contents lists every H1 and H2 with its page', () => {
    const entries = elementsOf(structure, 'TOCI').map((e) => e.text);
    const headings = [...elementsOf(structure, 'H1'), ...elementsOf(structure, 'H2')].filter((h) => h.text !== sv.toc.heading);
    expect(entries).toHaveLength(headings.length);
    for (const heading of headings) expect(entries).toContain(`${heading.text} ${heading.page}`);
  });

  it('makes every contents line a tagged link to its heading (TOCI > Reference > Link, described annotations)', () => {
    const headings = [...elementsOf(structure, 'H1'), ...elementsOf(structure, 'H2')].filter((h) => h.text !== sv.toc.heading);
    const entries = elementsOf(structure, 'TOCI');
    expect(entries).toHaveLength(headings.length);
    const linkById = new Map(structure.links.map((link) => [link.id, link]));
    for (const entry of entries) {
      const link = entry.children[0]?.children[0];
      expect(entry.children.map((c) => c.role), entry.text).toEqual(['Reference']);
      expect(link?.role, entry.text).toBe('Link');
      const heading = headings.find((h) => `${h.text} ${h.page}` === link?.text);
      expect(heading, `no heading for contents line "${link?.text}"`).toBeDefined();
      // Title and page number are both clickable, each leading to the heading's page, and say where they lead.
      expect(link?.annotations.length, entry.text).toBeGreaterThanOrEqual(2);
      for (const id of link?.annotations ?? []) {
        const annotation = linkById.get(id);
        expect(annotation?.destinationPage, entry.text).toBe(heading?.page);
        expect(annotation?.contents, entry.text).toBe(fill(sv.toc.linkTo, { title: heading?.text ?? '' }));
      }
    }
  });

  it('has no link annotation outside the structure tree', () => {
    const inLinks = new Set(elementsOf(structure, 'Link').flatMap((link) => link.annotations));
    expect(structure.links.length).toBeGreaterThan(0);
    for (const link of structure.links) {
      expect(inLinks.has(link.id), `annotation ${link.id} on page ${link.page}`).toBe(true);
      expect(link.structParent, `annotation ${link.id} on page ${link.page}`).toBeDefined();
      expect(link.contents, `annotation ${link.id} on page ${link.page}`).toBeTruthy();
    }
    const keys = structure.links.map((link) => link.structParent);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('document properties', () => {
  it('states its language, shows its title in the window bar and identifies itself as PDF/UA-1', () => {
    expect(structure.language).toBe('sv-SE');
    expect(english.language).toBe('en-GB');
    expect(structure.displayDocTitle).toBe(true);
    expect(structure.pdfuaPart).toBe('1');
  });

  it('has a bookmark for every section, subsections under their section', () => {
    const h1 = elementsOf(structure, 'H1').map((h) => h.text);
    expect(structure.outline.map((o) => o.title)).toEqual(h1);
    const reactions = structure.outline.find((o) => o.title === sv.reaction.heading);
    expect(reactions?.items.map((i) => i.title)).toContain(sv.reaction.npsHeading);
  });

  it('is "Tagged: yes" with a Document root for poppler too', (context) => {
    let directory: string | undefined;
    try {
      execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    } catch {
      context.skip('pdfinfo (poppler-utils) is not installed: the pdfjs checks above still ran');
    }
    try {
      directory = mkdtempSync(join(tmpdir(), 'effekt-struct-'));
      const file = join(directory, 'report.pdf');
      writeFileSync(file, swedish);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
      const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
      expect(tree.split('\n')[0]).toBe('Document');
      expect(tree).toMatch(/^\s+H1/m);
      expect(tree).toMatch(/^\s+Figure/m);
    } finally {
      if (directory) rmSync(directory, { recursive: true, force: true });
    }
  });
});
