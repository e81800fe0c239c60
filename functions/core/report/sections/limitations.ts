/** "Begränsningar": each caveat that applies to this client-year's data, once, in plain words. */
import type { Content } from 'pdfmake/interfaces.js';
import type { ReportContext } from '../context.ts';
import { applicableLimitations } from '../findings.ts';
import { paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

export function limitationsSection(ctx: ReportContext): Content[] {
  const { t } = ctx;
  const items = applicableLimitations(ctx).map(({ key, values }) =>
    key === 'responseRate' && values.rate !== undefined ? fill(t.limitations.responseRateLow, values) : fill(t.limitations[key], values),
  );
  if (items.length === 0) return [];
  return [sectionStart(t.limitations.heading, [paragraph(t.limitations.intro, 'lead'), { ul: items.map((text) => ({ text, style: 'body' })) }])];
}
