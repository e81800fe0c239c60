import type { ClientSettings, Locale, MetricsDocument, Problem } from '../model/index.ts';
import { createContext } from '../report/context.ts';
import { shortFindings } from '../report/findings.ts';
import { fill, textsFor } from '../report/texts.ts';
import { THEME } from '../report/theme.ts';
import { localizedProblem, ruleText } from '../parse/messages/index.ts';
import { emailMessages, type EmailMessages } from './messages/index.ts';

/** Short, plain e-mails in the client's language (texts in messages/sv.ts and messages/en.ts). Figures only when they are not suppressed. */

export interface EmailText {
  subject: string;
  text: string;
}

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

/** At most this many problems are written out in a rejection e-mail; all are counted. */
export const MAX_PROBLEMS_IN_EMAIL = 20;

/**
 * To the consultant who uploaded a refused file (or consultantContact), in the consultant's language:
 * the problems grouped by rule, each group with what to do. Every problem is counted; the first 20 are shown.
 */
export function rejectionEmail(input: {
  locale: Locale;
  clientName: string;
  clientId: string;
  year: number;
  fileName: string;
  problems: Problem[];
  totalProblems: number;
}): EmailText {
  const { locale, clientName, clientId, year, fileName, problems, totalProblems } = input;
  const m = emailMessages(locale);
  const shown = problems.slice(0, MAX_PROBLEMS_IN_EMAIL);
  const groups = new Map<string, Problem[]>();
  for (const p of shown) groups.set(p.rule, [...(groups.get(p.rule) ?? []), p]);
  const counted = new Map<string, number>();
  for (const p of problems) counted.set(p.rule, (counted.get(p.rule) ?? 0) + 1);
  const sections = [...groups.entries()].flatMap(([rule, list]) => {
    const fix = ruleText(rule, locale)?.fix;
    const count = counted.get(rule) ?? list.length;
    return [m.rejection.rule(rule, count, list.length), ...list.map((p) => `- ${localizedProblem(p, locale)}`), ...(fix ? [m.rejection.whatToDo(fix)] : []), ''];
  });
  const notShown = totalProblems - shown.length;
  return {
    subject: m.rejection.subject(fileName, clientName, year),
    text: [
      m.greeting,
      '',
      m.rejection.notIngested(fileName, clientName, year),
      '',
      m.rejection.found(totalProblems, shown.length, notShown),
      '',
      ...sections,
      m.rejection.uploadAgain(fileName),
      m.rejection.filesPage(clientName, year, clientId),
      '',
      m.regards,
      'Effekt',
    ].join('\n'),
  };
}

export function renderFailureEmail(input: { locale: Locale; clientName: string; year: number; reason: string }): EmailText {
  const { locale, clientName, year, reason } = input;
  const m = emailMessages(locale).renderFailure;
  return {
    subject: m.subject(clientName, year),
    text: [m.notMade(clientName, year), m.previousStands, '', m.reason(reason)].join('\n'),
  };
}

/**
 * To the consultant when SES reports a permanent bounce or a complaint: which addresses, why, and what to
 * change. The addresses are the client's own contacts, shown to the consultant who manages them.
 */
export function undeliverableNotice(input: {
  locale: Locale;
  clientId: string;
  clientName: string;
  reason: 'bounce' | 'complaint';
  addresses: string[];
}): EmailText {
  const { locale, clientId, clientName, reason, addresses } = input;
  const m = emailMessages(locale);
  const notice = m.undeliverable;
  return {
    subject: notice.subject(clientName, addresses),
    text: [
      m.greeting,
      '',
      notice.intro(clientName, notice.why[reason]),
      '',
      ...addresses.map((a) => `  - ${a}`),
      '',
      ...notice.steps(clientName),
      '',
      notice.clientId(clientId),
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
