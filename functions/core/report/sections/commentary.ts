/** The consultant's own words for the year, under their name; absent when none was given (the report invents none). */
import type { Content } from 'pdfmake/interfaces.js';
import { commentaryContent } from '../commentary.ts';
import type { ReportContext } from '../context.ts';
import { paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

export function commentarySection(ctx: ReportContext): Content[] {
  const markdown = ctx.metrics.commentary;
  if (!markdown || markdown.trim() === '') return [];
  const { t, settings, theme } = ctx;
  const [first, ...rest] = commentaryContent(markdown);
  const signature = settings.consultantName
    ? fill(t.commentary.signature, { name: settings.consultantName, consultancy: theme.consultancy.name })
    : theme.consultancy.name;
  return [sectionStart(t.commentary.heading, [paragraph(t.commentary.intro, 'lead'), ...(first ? [first] : [])]), ...rest, paragraph(signature, 'note')];
}
