/** "Det viktigaste i korthet": the key findings for a manager, right after the cover. */
import type { Content } from 'pdfmake/interfaces.js';
import type { ReportContext } from '../context.ts';
import { showableChange } from '../figures.ts';
import { capitalise, keyFindings } from '../findings.ts';
import { sinceLastYear } from '../since-last-year.ts';
import { heading, keepTogether, paragraph, sectionStart } from '../layout.ts';
import { basis } from './summary.ts';

export function findingsSection(ctx: ReportContext): Content[] {
  const { t, metrics } = ctx;
  const findings = keyFindings(ctx).map(capitalise);
  const content: Content[] = [
    sectionStart(t.findings.heading, [
      paragraph(t.findings.intro, 'lead'),
      { ul: findings.map((text) => ({ text, style: 'body' })), margin: [0, 0, 0, 8] },
    ]),
  ];
  const since = sinceLastYear(ctx);
  if (since.length > 0) content.push(keepTogether(heading(t.findings.sinceHeading, 2), ...since.map((text) => paragraph(text))));
  const measuredChange = metrics.change.some(showableChange);
  content.push(keepTogether(heading(t.findings.cannotHeading, 2), paragraph(measuredChange ? t.findings.cannot : t.findings.cannotReactionOnly)));
  content.push(keepTogether(heading(t.findings.responseHeading, 2), ...basis(ctx).map((text) => paragraph(text))));
  return content;
}
