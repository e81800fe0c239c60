import type { KirkpatrickLevel, Locale, MetricsDocument } from '../model/index.ts';
import type { EmailText } from './texts.ts';

/**
 * The draft a consultant reviews before the client sees a report (delivery "review"), in the
 * consultant's language: what changed, the key figures, and exactly how to approve it.
 */

const number = (value: number, locale: Locale, digits: number) =>
  new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

const LEVEL_NAMES: Record<Locale, Record<KirkpatrickLevel['name'], string>> = {
  sv: { reaction: 'reaktion', learning: 'lärande', behaviour: 'beteende', results: 'resultat' },
  en: { reaction: 'reaction', learning: 'learning', behaviour: 'behaviour', results: 'results' },
};

const UNIT_WORDS: Record<Locale, Record<KirkpatrickLevel['unit'], string>> = {
  sv: { respondents: 'svarande', leaders: 'ledare', units: 'enheter' },
  en: { respondents: 'respondents', leaders: 'leaders', units: 'units' },
};

/** One line per Kirkpatrick level: its headline figure with n, or why there is none. Never a suppressed figure. */
export function keyFigureLines(metrics: MetricsDocument, locale: Locale): string[] {
  const sv = locale === 'sv';
  const lines: string[] = [];
  const reaction = metrics.reaction;
  if (reaction) lines.push(sv ? `Svar på reaktionsenkäten: ${reaction.responses}` : `Reaction survey responses: ${reaction.responses}`);
  // The same count as the report's summary, the client's e-mail and metrics.json.
  if (metrics.leadersMeasured > 0) lines.push(sv ? `Ledare som mättes före och efter: ${metrics.leadersMeasured}.` : `Leaders measured before and after: ${metrics.leadersMeasured}.`);
  for (const level of metrics.kirkpatrick ?? []) {
    const name = `${sv ? 'Nivå' : 'Level'} ${level.level} (${LEVEL_NAMES[locale][level.name]})`;
    const figure = level.keyFigure;
    // n says what it counts, as the report does: answers, leaders or units.
    const n = `n = ${level.n}${level.unit ? ` ${UNIT_WORDS[locale][level.unit]}` : ''}`;
    // "Self-ratings" would mislabel a knowledge test or a unit's indicator: say who rated only for ratings.
    const rated = level.instruments.some((id) => metrics.instruments.find((i) => i.id === id)?.kind === 'rating');
    const basis =
      !rated ? '' : figure?.basis === 'self' ? (sv ? ', självskattning' : ', self-ratings') : figure?.basis === 'others' ? (sv ? ', andras bedömningar' : ", others' ratings") : '';
    if (!level.measured) {
      lines.push(`${name}: ${sv ? 'inte mätt' : 'not measured'}`);
    } else if (!figure) {
      lines.push(`${name}: ${sv ? `inget tal visas (för få personer, ${n})` : `no figure shown (too few people, ${n})`}`);
    } else if (figure.kind === 'satisfaction-mean') {
      lines.push(`${name}: ${sv ? 'nöjdhet' : 'satisfaction'} ${number(figure.value, locale, 1)} ${sv ? 'av' : 'of'} ${figure.scaleMax ?? 10} (${n})`);
    } else if (figure.kind === 'median-gav') {
      lines.push(`${name}: ${sv ? 'median effektstorlek' : 'median effect size'} g = ${number(figure.value, locale, 2)} (${n}${basis})`);
    } else {
      lines.push(`${name}: ${sv ? 'förändring' : 'change'} ${number(figure.value, locale, 2)} (${n})`);
    }
  }
  return lines;
}

export function draftEmail(input: {
  locale: Locale;
  clientId: string;
  clientName: string;
  year: number;
  version: number;
  metrics: MetricsDocument;
  recipients: readonly string[];
  /** The report is too large to attach: where to download it. */
  downloadUrl?: string;
}): EmailText {
  const { locale, clientId, clientName, year, version, metrics, recipients, downloadUrl } = input;
  const figures = keyFigureLines(metrics, locale).map((l) => `- ${l}`);
  const sources = metrics.sources.map((s) => `- ${s.file} (${s.rows} ${locale === 'sv' ? 'rader' : 'rows'})`);
  const command = `effekt send ${clientId} ${year} --version ${version}`;
  if (locale === 'sv') {
    return {
      subject: `Nytt utkast att granska: effektrapport ${year} – ${clientName} (version ${version})`,
      text: [
        'Hej,',
        '',
        `Ett nytt utkast av effektrapporten för ${clientName} ${year} är klart: version ${version}. Kunden har inte fått det.`,
        downloadUrl ? `Utkastet är för stort för att bifogas. Hämta det här (inloggning krävs): ${downloadUrl}` : 'Utkastet finns bifogat som PDF.',
        '',
        'Nyckeltal:',
        ...figures,
        '',
        `Underlag (${metrics.sources.length} filer):`,
        ...sources,
        '',
        recipients.length > 0
          ? `När utkastet är granskat: godkänn version ${version} på rapportsidan i konsolen ("Godkänn och skicka"), eller kör\n  ${command}\nDå skickas rapporten till ${recipients.join(', ')}.`
          : `Kunden har inga mottagare inlagda. Lägg till mottagare i kundinställningarna i konsolen innan du godkänner version ${version}.`,
        '',
        'Vänliga hälsningar',
        'Effekt',
      ].join('\n'),
    };
  }
  return {
    subject: `New draft to review: impact report ${year} – ${clientName} (version ${version})`,
    text: [
      'Hello,',
      '',
      `A new draft of the impact report for ${clientName} ${year} is ready: version ${version}. The client has not received it.`,
      downloadUrl ? `The draft is too large to attach. Download it here (sign-in required): ${downloadUrl}` : 'The draft is attached as a PDF.',
      '',
      'Key figures:',
      ...figures,
      '',
      `Based on (${metrics.sources.length} files):`,
      ...sources,
      '',
      recipients.length > 0
        ? `Once reviewed, approve version ${version} on the report page of the console ("Approve and send"), or run\n  ${command}\nThe report then goes to ${recipients.join(', ')}.`
        : `The client has no recipients. Add recipients in the client settings in the console before approving version ${version}.`,
      '',
      'Kind regards',
      'Effekt',
    ].join('\n'),
  };
}
