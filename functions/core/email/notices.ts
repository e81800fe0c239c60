import type { Locale, Problem } from '../model/index.ts';
import { localizedProblem, ruleText } from '../parse/messages/index.ts';
import { emailMessages } from './messages/index.ts';

/**
 * The notices to the consultant, in the consultant's language: a refused upload, a report that could not
 * be made, addresses that bounced. No report figures, so apart from texts.ts (the report e-mail with its
 * findings): render, ingest and feedback then do not bundle the report's findings and statistics.
 */

export interface EmailText {
  subject: string;
  text: string;
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
