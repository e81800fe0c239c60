// renderReport is what the render stage and bench/render call; change its signature with them.
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ClientSettings, MetricsDocument } from '../model/index.ts';
import { createContext, PAGE, type ReportContext } from './context.ts';
import { ensureFonts } from './fonts.ts';
import { keepRules, pageBreakRule, sectionStart, STYLES } from './layout.ts';
import { addBookmarks, tableOfContents } from './navigation.ts';
import { installStreamWriting } from './pdf-streams.ts';
import { installTagging } from './pdf-tagging.ts';
import { changeSection } from './sections/change.ts';
import { coverBackground, coverImages, coverSection } from './sections/cover.ts';
import { designSection } from './sections/design.ts';
import { commentarySection } from './sections/commentary.ts';
import { findingsSection } from './sections/findings.ts';
import { limitationsSection } from './sections/limitations.ts';
import { methodSection } from './sections/method.ts';
import { pyramidSection } from './sections/pyramid.ts';
import { reactionsSection } from './sections/reactions.ts';
import { summarySection } from './sections/summary.ts';
import { trendSection } from './sections/trend.ts';
import { markArtifact, planStructure } from './structure.ts';
import { installStyleLookup } from './style-lookup.ts';
import { fill } from './texts.ts';
import { applySubscripts } from './typography.ts';
import { FONT_FAMILY } from './theme.ts';

export interface ReportInput {
  metrics: MetricsDocument;
  settings: ClientSettings;
  /** Report version number shown on the cover (1, 2, …). */
  version: number;
}

/** A chart or section failed: no report may be sent. */
export class ReportRenderError extends Error {
  constructor(
    readonly section: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`report section "${section}" failed: ${message}`, options);
    this.name = 'ReportRenderError';
  }
}

/** Deterministic: the same input gives byte-identical PDF bytes. */
export async function renderReport(input: ReportInput): Promise<Uint8Array> {
  const definition = await buildReportDefinition(input);
  try {
    await ensureFonts();
    installTagging();
    installStyleLookup();
    installStreamWriting();
    const buffer = await pdfmake.createPdf(definition).getBuffer();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new ReportRenderError('pdf', messageOf(error), { cause: error });
  }
}

type Section = (ctx: ReportContext) => Content[] | Promise<Content[]>;

const SECTIONS: [string, Section][] = [
  ['cover', coverSection],
  ['findings', findingsSection],
  ['commentary', commentarySection],
  ['summary', summarySection],
  ['pyramid', pyramidSection],
  ['reactions', reactionsSection],
  ['change', changeSection],
  // Each described programme's design, right after the programmes' results.
  ['design', designSection],
  ['trend', trendSection],
  ['limitations', limitationsSection],
  ['method', methodSection],
];

/** The pdfmake document definition; exported so tests can check the layout rules without reading PDF bytes. */
export async function buildReportDefinition(input: ReportInput): Promise<TDocumentDefinitions> {
  if (!Number.isInteger(input.version) || input.version < 1) throw new ReportRenderError('cover', `version must be a positive integer, got ${input.version}`);
  const ctx = createContext(input.metrics, input.settings, input.version);
  const sections: { name: string; content: Content[] }[] = [];
  for (const [name, section] of SECTIONS) {
    try {
      sections.push({ name, content: await section(ctx) });
    } catch (error) {
      if (error instanceof ReportRenderError) throw error;
      throw new ReportRenderError(name, messageOf(error), { cause: error });
    }
  }
  const nonEmpty = sections.filter((s) => s.content.length > 0);
  for (const section of nonEmpty) applySubscripts(section.content);
  // Every H1/H2 becomes a bookmark and a line in the contents, which follows what a manager reads first (the
  // cover, the key findings and the consultant's commentary).
  const entries = addBookmarks(nonEmpty.flatMap((s) => s.content));
  const contents = [sectionStart(ctx.t.toc.heading, [tableOfContents(entries, ctx.theme.colors, (title) => fill(ctx.t.toc.linkTo, { title }))])];
  addBookmarks(contents, 'toc');
  const readFirst = new Set(['cover', 'findings', 'commentary']);
  const at = nonEmpty.findIndex((s) => !readFirst.has(s.name));
  nonEmpty.splice(at === -1 ? nonEmpty.length : at, 0, { name: 'contents', content: contents });
  try {
    planStructure(nonEmpty);
  } catch (error) {
    throw new ReportRenderError('structure', messageOf(error), { cause: error });
  }
  return documentDefinition(
    ctx,
    nonEmpty.flatMap((s) => s.content),
  );
}

function documentDefinition(ctx: ReportContext, content: Content[]): TDocumentDefinitions {
  const keeps = keepRules(content);
  const { t, theme, metrics, settings } = ctx;
  const client = settings.displayName;
  // The data's last date, never the clock: the same input gives the same bytes (pdfkit derives the file /ID from it).
  const stamp = new Date(`${metrics.period?.to ?? `${metrics.year}-12-31`}T12:00:00Z`);
  const footerText = fill(t.footer.text, { consultancy: theme.consultancy.name, client, year: metrics.year, version: ctx.version });
  return {
    pageSize: 'A4',
    pageMargins: PAGE.margins,
    language: t.meta.language,
    // Tagged PDF/UA: a structure tree (pdf-tagging.ts), the title in the window bar, pdfuaid in the XMP metadata.
    version: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    displayTitle: true,
    info: {
      title: fill(t.meta.title, { year: metrics.year, client }),
      author: theme.consultancy.name,
      subject: fill(t.meta.subject, { year: metrics.year }),
      keywords: [metrics.client, String(metrics.year), `v${ctx.version}`].join(', '),
      creator: theme.consultancy.name,
      producer: 'Effekt',
      creationDate: stamp,
      modDate: stamp,
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 9.5, color: theme.colors.text },
    styles: STYLES,
    images: coverImages(ctx),
    background: (page) => (page === 1 ? markArtifact(coverBackground(ctx), 'Background') : null),
    header: (page) =>
      page === 1
        ? null
        : markArtifact<Content>({
            columns: [
              { text: theme.consultancy.name.toUpperCase(), fontSize: 7, bold: true, characterSpacing: 1.2, color: theme.colors.primary },
              { text: `${fill(t.cover.title, { year: metrics.year })} · ${client}`, fontSize: 7.5, color: theme.colors.muted, alignment: 'right' },
            ],
            margin: [PAGE.margins[0], 30, PAGE.margins[2], 0],
          }, 'Pagination'),
    footer: (page, pages) => markArtifact<Content>({
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE.width - PAGE.margins[0] - PAGE.margins[2], y2: 0, lineWidth: 0.5, lineColor: theme.colors.rule }] },
        {
          columns: [
            { text: footerText, fontSize: 7, color: theme.colors.muted },
            { text: fill(t.footer.page, { page, pages }), fontSize: 7, color: theme.colors.muted, alignment: 'right', width: 80 },
          ],
          margin: [0, 6, 0, 0],
        },
      ],
      margin: [PAGE.margins[0], 22, PAGE.margins[2], 0],
    }, 'Pagination'),
    pageBreakBefore: pageBreakRule(keeps),
    content,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
