/** Everything a section needs to lay itself out: the data, the wording, the number format and the theme. */
import type { ChangeEntry, ClientSettings, InstrumentSummary, Locale, MetricsDocument, Rater } from '../model/index.ts';
import { formatterFor, type Formatter } from './format.ts';
import { textsFor, type Texts } from './texts.ts';
import { THEME, type Theme } from './theme.ts';

export const PAGE = {
  width: 595.28,
  height: 841.89,
  margins: [56, 70, 56, 62] as [number, number, number, number],
};
export const CONTENT_WIDTH = PAGE.width - PAGE.margins[0] - PAGE.margins[2];

export const RATER_ORDER: readonly Rater[] = ['self', 'manager', 'employee', 'peer'];

export interface ReportContext {
  metrics: MetricsDocument;
  settings: ClientSettings;
  version: number;
  locale: Locale;
  t: Texts;
  f: Formatter;
  theme: Theme;
  programName(id: string): string;
  instrument(id: string): InstrumentSummary | undefined;
  /** The instrument's name in the report's language (its id when the metrics do not know it). */
  instrumentName(id: string): string;
  dimensionLabel(entry: Pick<ChangeEntry, 'instrument' | 'dimension'>): string;
  lowerIsBetter(entry: Pick<ChangeEntry, 'instrument' | 'dimension'>): boolean;
  /** Who gave the score, or what the score is: "Chef", but "Testresultat" for a test and "Enhetens värde" for a unit indicator, never "Självskattning". */
  raterLabel(entry: Pick<ChangeEntry, 'instrument' | 'rater'>): string;
}

export function createContext(metrics: MetricsDocument, settings: ClientSettings, version: number): ReportContext {
  const locale = settings.locale;
  const instruments = new Map(metrics.instruments.map((i) => [i.id, i]));
  const dimension = (entry: Pick<ChangeEntry, 'instrument' | 'dimension'>) =>
    instruments.get(entry.instrument)?.dimensions.find((d) => d.id === entry.dimension);
  return {
    metrics,
    settings,
    version,
    locale,
    t: textsFor(locale),
    f: formatterFor(locale),
    theme: THEME,
    programName: (id) => (Object.hasOwn(settings.programNames, id) ? (settings.programNames[id] ?? id) : id),
    instrument: (id) => instruments.get(id),
    instrumentName: (id) => {
      const instrument = instruments.get(id);
      return instrument?.displayName?.[locale] ?? instrument?.name ?? id;
    },
    dimensionLabel: (entry) => dimension(entry)?.label[locale] ?? entry.dimension,
    lowerIsBetter: (entry) => dimension(entry)?.lowerIsBetter === true,
    raterLabel: (entry) => {
      const kind = instruments.get(entry.instrument)?.kind ?? 'rating';
      const texts = textsFor(locale);
      return entry.rater === 'self' && kind !== 'rating' ? texts.scoreKinds[kind] : texts.raters[entry.rater];
    },
  };
}
