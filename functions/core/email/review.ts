import type { Locale, MetricsDocument } from '../model/index.ts';
import { emailMessages, type EmailMessages } from './messages/index.ts';
import type { EmailText } from './notices.ts';

/**
 * The draft a consultant reviews before the client sees a report (delivery "review"), in the
 * consultant's language: what changed, the key figures, and exactly how to approve it (texts in messages/).
 */

const number = (value: number, m: EmailMessages, digits: number) =>
  new Intl.NumberFormat(m.numberLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

/** One line per Kirkpatrick level: its headline figure with n, or why there is none. Never a suppressed figure. */
export function keyFigureLines(metrics: MetricsDocument, locale: Locale): string[] {
  const m = emailMessages(locale);
  const t = m.figures;
  const lines: string[] = [];
  const reaction = metrics.reaction;
  if (reaction) lines.push(t.responses(reaction.responses));
  // The same count as the report's summary, the client's e-mail and metrics.json.
  if (metrics.leadersMeasured > 0) lines.push(t.leadersMeasured(metrics.leadersMeasured));
  for (const level of metrics.kirkpatrick ?? []) {
    const name = t.level(level.level, t.levelNames[level.name]);
    const figure = level.keyFigure;
    // n says what it counts, as the report does: answers, leaders or units.
    const n = `n = ${level.n}${level.unit ? ` ${t.units[level.unit]}` : ''}`;
    // "Self-ratings" would mislabel a knowledge test or a unit's indicator: say who rated only for ratings.
    const rated = level.instruments.some((id) => metrics.instruments.find((i) => i.id === id)?.kind === 'rating');
    const basis = !rated ? '' : figure?.basis === 'self' ? t.selfRatings : figure?.basis === 'others' ? t.othersRatings : '';
    if (!level.measured) {
      lines.push(`${name}: ${t.notMeasured}`);
    } else if (!figure) {
      lines.push(`${name}: ${t.tooFew(n)}`);
    } else if (figure.kind === 'satisfaction-mean') {
      lines.push(`${name}: ${t.satisfaction(number(figure.value, m, 1), figure.scaleMax ?? 10, n)}`);
    } else if (figure.kind === 'median-gav') {
      lines.push(`${name}: ${t.medianEffect(number(figure.value, m, 2), n, basis)}`);
    } else {
      lines.push(`${name}: ${t.change(number(figure.value, m, 2), n)}`);
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
  const m = emailMessages(locale);
  const draft = m.draft;
  const command = `effekt send ${clientId} ${year} --version ${version}`;
  return {
    subject: draft.subject(clientName, year, version),
    text: [
      m.greeting,
      '',
      draft.ready(clientName, year, version),
      downloadUrl ? draft.tooLarge(downloadUrl) : draft.attached,
      '',
      draft.keyFigures,
      ...keyFigureLines(metrics, locale).map((l) => `- ${l}`),
      '',
      draft.sources(metrics.sources.length),
      ...metrics.sources.map((s) => draft.source(s.file, s.rows)),
      '',
      recipients.length > 0 ? draft.approve(version, command, recipients) : draft.noRecipients(version),
      '',
      m.regards,
      'Effekt',
    ].join('\n'),
  };
}
