import type { ClientSettings, Locale, MetricsDocument } from '../model/index.ts';
import { createContext } from '../report/context.ts';
import { shortFindings } from '../report/findings.ts';
import { fill, textsFor } from '../report/texts.ts';
import { THEME } from '../report/theme.ts';
import { emailMessages, type EmailMessages } from './messages/index.ts';
import type { EmailText } from './notices.ts';

// The notices to the consultant (no report figures) live in notices.ts, so the stages that send only those
// do not bundle the report's findings and statistics.

/** Short, plain e-mails in the client's language (texts in messages/sv.ts and messages/en.ts). Figures only when they are not suppressed. */

const formatNumber = (value: number, m: EmailMessages, digits = 1) =>
  new Intl.NumberFormat(m.numberLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

export function reportEmail(input: {
  locale: Locale;
  clientName: string;
  year: number;
  version: number;
  /** Absent when the stored metrics belong to newer inputs than this version's (no figure is quoted then). */
  metrics: MetricsDocument | undefined;
  /** When the PDF is too large to attach: the authenticated download route. */
  downloadUrl?: string;
  /** A later version exists than the one approved and sent (a superseded draft approved explicitly). */
  newestVersion?: number;
  /** The client's settings: with them the body carries the report's key findings in three short lines. */
  settings?: ClientSettings;
}): EmailText {
  const { locale, clientName, year, version, metrics, downloadUrl, newestVersion, settings } = input;
  const m = emailMessages(locale);
  const superseded = newestVersion !== undefined && newestVersion > version;
  const sat = metrics?.reaction?.satisfaction;
  const findings = metrics && settings ? shortFindings(createContext(metrics, settings, version)) : [];
  const headline =
    findings.length > 0
      ? [m.report.keyFindings, ...findings.map((line) => `- ${line}`)].join('\n')
      : sat && !sat.suppressed && sat.mean !== undefined
        ? m.report.satisfaction(formatNumber(sat.mean, m), sat.n)
        : undefined;
  // The same count as the report's summary and metrics.json: leaders, not answers or rater cells.
  const leaders = metrics !== undefined && metrics.leadersMeasured > 0 ? m.report.leadersMeasured(metrics.leadersMeasured) : undefined;
  return {
    subject: m.report.subject(clientName, year, version),
    text: [
      m.greeting,
      '',
      m.report.intro(clientName, year, version),
      ...(superseded ? [m.report.superseded(version, newestVersion)] : []),
      ...(headline ? [headline] : []),
      ...(leaders ? [leaders] : []),
      '',
      downloadUrl ? m.report.tooLarge(downloadUrl) : m.report.attached,
      '',
      m.regards,
      settings ? senderName(settings) : 'Effekt',
    ].join('\n'),
  };
}

/** Who the client's e-mail comes from: the consultant by name, else the consultancy. */
export function senderName(settings: Pick<ClientSettings, 'consultantName'>): string {
  return settings.consultantName ? `${settings.consultantName}, ${THEME.consultancy.name}` : THEME.consultancy.name;
}

/** The attachment is named for a person, "Effektrapport 2025 – Södertälje kommun.pdf"; characters no file system takes are left out. */
export function reportAttachmentName(settings: Pick<ClientSettings, 'locale' | 'displayName'>, year: number): string {
  const name = fill(textsFor(settings.locale).meta.attachment, { year, client: settings.displayName });
  return `${name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '').replace(/\s+/g, ' ').trim().slice(0, 180)}.pdf`;
}
