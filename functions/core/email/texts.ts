import type { ClientSettings, Locale, MetricsDocument, Problem } from '../model/index.ts';
import { createContext } from '../report/context.ts';
import { shortFindings } from '../report/findings.ts';
import { fill, textsFor } from '../report/texts.ts';
import { THEME } from '../report/theme.ts';
import { localizedProblem, ruleText } from '../parse/messages/index.ts';

/** Short, plain e-mail texts in the client's language. Figures only when they are not suppressed. */

export interface EmailText {
  subject: string;
  text: string;
}

const formatNumber = (value: number, locale: Locale, digits = 1) =>
  new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

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
  const superseded = newestVersion !== undefined && newestVersion > version;
  const sat = metrics?.reaction?.satisfaction;
  const findings = metrics && settings ? shortFindings(createContext(metrics, settings, version)) : [];
  const headline =
    findings.length > 0
      ? [locale === 'sv' ? 'Det viktigaste i korthet:' : 'Key findings:', ...findings.map((line) => `- ${line}`)].join('\n')
      : sat && !sat.suppressed && sat.mean !== undefined
        ? locale === 'sv'
          ? `Deltagarnas nöjdhet: ${formatNumber(sat.mean, locale)} av 10 (n = ${sat.n}).`
          : `Participant satisfaction: ${formatNumber(sat.mean, locale)} of 10 (n = ${sat.n}).`
        : undefined;
  // The same count as the report's summary and metrics.json: leaders, not answers or rater cells.
  const leaders =
    metrics !== undefined && metrics.leadersMeasured > 0
      ? locale === 'sv'
        ? `Ledare som mättes före och efter: ${metrics.leadersMeasured}.`
        : `Leaders measured before and after: ${metrics.leadersMeasured}.`
      : undefined;
  if (locale === 'sv') {
    return {
      subject: `Effektrapport ${year} – ${clientName} (version ${version})`,
      text: [
        'Hej,',
        '',
        `Här kommer effektrapporten för ${clientName} ${year}, version ${version}.`,
        ...(superseded
          ? [`Observera: detta är version ${version}, som bygger på underlaget som det såg ut då. Det finns en senare version (${newestVersion}) som inte ingår i detta utskick.`]
          : []),
        ...(headline ? [headline] : []),
        ...(leaders ? [leaders] : []),
        '',
        downloadUrl
          ? `Rapporten är för stor för att bifogas. Hämta den här (inloggning krävs): ${downloadUrl}`
          : 'Rapporten finns bifogad som PDF.',
        '',
        'Vänliga hälsningar',
        settings ? senderName(settings) : 'Effekt',
      ].join('\n'),
    };
  }
  return {
    subject: `Impact report ${year} – ${clientName} (version ${version})`,
    text: [
      'Hello,',
      '',
      `Here is the impact report for ${clientName} ${year}, version ${version}.`,
      ...(superseded
        ? [`Please note: this is version ${version}, based on the data as it was then. A later version (${newestVersion}) exists and is not part of this e-mail.`]
        : []),
      ...(headline ? [headline] : []),
      ...(leaders ? [leaders] : []),
      '',
      downloadUrl
        ? `The report is too large to attach. Download it here (sign-in required): ${downloadUrl}`
        : 'The report is attached as a PDF.',
      '',
      'Kind regards',
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
  const sv = locale === 'sv';
  const shown = problems.slice(0, MAX_PROBLEMS_IN_EMAIL);
  const groups = new Map<string, Problem[]>();
  for (const p of shown) groups.set(p.rule, [...(groups.get(p.rule) ?? []), p]);
  const counted = new Map<string, number>();
  for (const p of problems) counted.set(p.rule, (counted.get(p.rule) ?? 0) + 1);
  const sections = [...groups.entries()].flatMap(([rule, list]) => {
    const fix = ruleText(rule, locale)?.fix;
    const count = counted.get(rule) ?? list.length;
    return [
      sv ? `Regel ${rule} (${count} st${count > list.length ? `, ${list.length} visas` : ''}):` : `Rule ${rule} (${count}${count > list.length ? `, ${list.length} shown` : ''}):`,
      ...list.map((p) => `- ${localizedProblem(p, locale)}`),
      ...(fix ? [sv ? `  Gör så här: ${fix}` : `  What to do: ${fix}`] : []),
      '',
    ];
  });
  const notShown = totalProblems - shown.length;
  const filesPage = sv
    ? `Alla problem för filen finns på årets filsida i konsolen (${clientName} → ${year} → Filer), eller med: effekt files ${clientId} ${year}`
    : `Every problem of the file is on the year's files page in the console (${clientName} → ${year} → Files), or: effekt files ${clientId} ${year}`;
  if (sv) {
    return {
      subject: `Filen kunde inte läsas in: ${fileName} (${clientName} ${year})`,
      text: [
        'Hej,',
        '',
        `Filen ${fileName} för ${clientName} ${year} lästes inte in. Inga rader ur filen räknas, och siffror och rapporter är som förut.`,
        '',
        `${totalProblems} ${totalProblems === 1 ? 'problem' : 'problem'} hittades${notShown > 0 ? ` (de första ${shown.length} visas nedan, ${notShown} till finns)` : ''}:`,
        '',
        ...sections,
        `Rätta filen och ladda upp den igen med samma namn (${fileName}); den ersätter då den refuserade.`,
        filesPage,
        '',
        'Vänliga hälsningar',
        'Effekt',
      ].join('\n'),
    };
  }
  return {
    subject: `File could not be read: ${fileName} (${clientName} ${year})`,
    text: [
      'Hello,',
      '',
      `The file ${fileName} for ${clientName} ${year} was not ingested. None of its rows count, and figures and reports are as they were.`,
      '',
      `${totalProblems} ${totalProblems === 1 ? 'problem was' : 'problems were'} found${notShown > 0 ? ` (the first ${shown.length} are shown below, ${notShown} more exist)` : ''}:`,
      '',
      ...sections,
      `Fix the file and upload it again under the same name (${fileName}); it then replaces the refused one.`,
      filesPage,
      '',
      'Kind regards',
      'Effekt',
    ].join('\n'),
  };
}

export function renderFailureEmail(input: { locale: Locale; clientName: string; year: number; reason: string }): EmailText {
  const { locale, clientName, year, reason } = input;
  if (locale === 'sv') {
    return {
      subject: `Rapporten för ${clientName} ${year} kunde inte skapas`,
      text: [
        `En ny version av rapporten för ${clientName} ${year} kunde inte skapas, så ingen rapport har skickats.`,
        'Den tidigare versionen gäller fortfarande.',
        '',
        `Orsak: ${reason}`,
      ].join('\n'),
    };
  }
  return {
    subject: `The report for ${clientName} ${year} could not be made`,
    text: [
      `A new version of the report for ${clientName} ${year} could not be made, so no report was sent.`,
      'The previous version remains the current one.',
      '',
      `Reason: ${reason}`,
    ].join('\n'),
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
  const list = addresses.map((a) => `  - ${a}`);
  if (locale === 'sv') {
    const why = reason === 'bounce' ? 'studsade permanent (adressen finns inte eller tar inte emot e-post)' : 'markerades som skräppost av mottagaren';
    return {
      subject: `Effekt: rapportmejl till ${clientName} kunde inte levereras (${addresses.join(', ')})`,
      text: [
        'Hej,',
        '',
        `E-post från Effekt till följande adress(er) hos ${clientName} ${why}:`,
        '',
        ...list,
        '',
        'Effekt skickar inte fler rapporter dit. Så här rättar du:',
        `1. Öppna ${clientName} i konsolen och gå till Inställningar → Mottagare.`,
        '2. Rätta eller ta bort adressen ovan och lägg vid behov till en ny mottagare.',
        '3. Ta bort adressen från listan "Ej levererbara" om den nu är rätt, och spara.',
        'Rapporter som godkänns efter det går till de rättade mottagarna.',
        '',
        `(Kund-id: ${clientId})`,
      ].join('\n'),
    };
  }
  const why = reason === 'bounce' ? 'bounced permanently (the address does not exist or takes no e-mail)' : 'was reported as spam by the recipient';
  return {
    subject: `Effekt: report e-mail to ${clientName} could not be delivered (${addresses.join(', ')})`,
    text: [
      'Hello,',
      '',
      `E-mail from Effekt to the following address(es) at ${clientName} ${why}:`,
      '',
      ...list,
      '',
      'Effekt will not send reports there again. To fix it:',
      `1. Open ${clientName} in the console and go to Settings → Recipients.`,
      '2. Correct or remove the address above, and add a new recipient if needed.',
      '3. Remove the address from the "Undeliverable" list if it is now correct, and save.',
      'Reports approved after that go to the corrected recipients.',
      '',
      `(Client id: ${clientId})`,
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
