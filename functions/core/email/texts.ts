import type { Locale, MetricsDocument, Problem } from '../model/index.ts';

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
  metrics: MetricsDocument;
  /** When the PDF is too large to attach: the authenticated download route. */
  downloadUrl?: string;
}): EmailText {
  const { locale, clientName, year, version, metrics, downloadUrl } = input;
  const sat = metrics.reaction?.satisfaction;
  const headline =
    sat && !sat.suppressed && sat.mean !== undefined
      ? locale === 'sv'
        ? `Deltagarnas nöjdhet: ${formatNumber(sat.mean, locale)} av 10 (n = ${sat.n}).`
        : `Participant satisfaction: ${formatNumber(sat.mean, locale)} of 10 (n = ${sat.n}).`
      : undefined;
  // The same count as the report's summary and metrics.json: leaders, not answers or rater cells.
  const leaders =
    metrics.leadersMeasured > 0
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
        ...(headline ? [headline] : []),
        ...(leaders ? [leaders] : []),
        '',
        downloadUrl
          ? `Rapporten är för stor för att bifogas. Hämta den här (inloggning krävs): ${downloadUrl}`
          : 'Rapporten finns bifogad som PDF.',
        '',
        'Vänliga hälsningar',
        'Effekt',
      ].join('\n'),
    };
  }
  return {
    subject: `Impact report ${year} – ${clientName} (version ${version})`,
    text: [
      'Hello,',
      '',
      `Here is the impact report for ${clientName} ${year}, version ${version}.`,
      ...(headline ? [headline] : []),
      ...(leaders ? [leaders] : []),
      '',
      downloadUrl
        ? `The report is too large to attach. Download it here (sign-in required): ${downloadUrl}`
        : 'The report is attached as a PDF.',
      '',
      'Kind regards',
      'Effekt',
    ].join('\n'),
  };
}

export function rejectionEmail(input: {
  locale: Locale;
  clientName: string;
  key: string;
  problems: Problem[];
  totalProblems: number;
}): EmailText {
  const { locale, clientName, key, problems, totalProblems } = input;
  const list = problems.map((p) => `- ${p.message}`);
  const more = totalProblems - problems.length;
  if (locale === 'sv') {
    return {
      subject: `Filen kunde inte läsas in: ${key}`,
      text: [
        `Filen ${key} (${clientName}) lästes inte in. Inga rader ur filen räknas, och tidigare siffror är oförändrade.`,
        'Filen har flyttats till karantän. Rätta den och ladda upp den igen.',
        '',
        `Problem (${totalProblems}):`,
        ...list,
        ...(more > 0 ? [`… och ${more} till.`] : []),
      ].join('\n'),
    };
  }
  return {
    subject: `File could not be read: ${key}`,
    text: [
      `The file ${key} (${clientName}) was not ingested. None of its rows count, and earlier figures are unchanged.`,
      'The file was moved to quarantine. Fix it and upload it again.',
      '',
      `Problems (${totalProblems}):`,
      ...list,
      ...(more > 0 ? [`… and ${more} more.`] : []),
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
    const why = reason === 'bounce' ? 'studsade permanent' : 'markerades som skräppost av mottagaren';
    return {
      subject: `Effekt: rapportmejl till ${clientName} kunde inte levereras`,
      text: [
        `E-post från Effekt till följande adress(er) ${why}:`,
        '',
        ...list,
        '',
        `Effekt skickar inte fler rapporter dit. Rätta mottagarna för ${clientName} och ta bort adressen/adresserna från "undeliverable" i kundinställningarna (PUT /v1/clients/${clientId}).`,
      ].join('\n'),
    };
  }
  const why = reason === 'bounce' ? 'bounced permanently' : 'was reported as spam by the recipient';
  return {
    subject: `Effekt: report e-mail to ${clientName} could not be delivered`,
    text: [
      `E-mail from Effekt to the following address(es) ${why}:`,
      '',
      ...list,
      '',
      `Effekt will not send reports to them again. Correct the recipients of ${clientName} and remove the address(es) from "undeliverable" in the client settings (PUT /v1/clients/${clientId}).`,
    ].join('\n'),
  };
}
