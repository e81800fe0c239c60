/** Locale-aware number and date formatting for the report text and the charts' axes. */
import type { Locale } from '../model/index.ts';
import { fill, textsFor } from './texts.ts';

const MINUS = '\u2212';
const NBSP = '\u00a0';
/** Roboto has no narrow no-break space (U+202F); ICU may emit it, so it becomes a normal no-break space. */
const NARROW_NBSP = /\u202f/g;

const INTL_LOCALE: Record<Locale, string> = { sv: 'sv-SE', en: 'en-GB' };

export interface Formatter {
  locale: Locale;
  /** Fixed decimals: `9,6`, `−0,3`, `12 345`. */
  number(value: number, decimals?: number): string;
  /** Always signed: `+0,4`, `−0,3`, `0,0`. */
  signed(value: number, decimals?: number): string;
  /** A share 0–1 as a percentage: `12 %` (sv), `12%` (en). */
  percent(share: number, decimals?: number): string;
  integer(value: number): string;
  /**
   * Confidence interval `[a, b]`: `8,5–9,1`; spelled out when a bound is negative, where a dash would read as a minus.
   * Bounds are rounded outwards, and a bound that would round onto zero from one side gets more decimals,
   * so a printed interval never contradicts a verdict decided on the unrounded one.
   */
  interval(ci: readonly [number, number], decimals?: number): string;
  /** ISO date (YYYY-MM-DD or full timestamp) in the locale's long style: `3 maj 2025`. */
  date(iso: string): string;
  /** `3 februari–25 oktober 2025`. */
  dateRange(fromIso: string, toIso: string): string;
}

const formatters = new Map<Locale, Formatter>();

export function formatterFor(locale: Locale): Formatter {
  const cached = formatters.get(locale);
  if (cached) return cached;
  const created = createFormatter(locale);
  formatters.set(locale, created);
  return created;
}

function createFormatter(locale: Locale): Formatter {
  const tag = INTL_LOCALE[locale];
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const numberFormat = (decimals: number, style: 'decimal' | 'percent', signDisplay: 'auto' | 'exceptZero'): Intl.NumberFormat => {
    const key = `${decimals}|${style}|${signDisplay}`;
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(tag, { style, minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay });
      numberFormats.set(key, format);
    }
    return format;
  };
  // Dates are calendar days: format in UTC so the server's time zone never shifts a day.
  const longDate = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dayMonth = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', timeZone: 'UTC' });

  const number = (value: number, decimals = 1) => clean(numberFormat(decimals, 'decimal', 'auto').format(negativeZeroFree(value, decimals)));
  const formatter: Formatter = {
    locale,
    number,
    signed(value, decimals = 1) {
      return clean(numberFormat(decimals, 'decimal', 'exceptZero').format(negativeZeroFree(value, decimals)));
    },
    percent(share, decimals = 0) {
      return clean(numberFormat(decimals, 'percent', 'auto').format(negativeZeroFree(share, decimals + 2)));
    },
    integer(value) {
      return number(value, 0);
    },
    interval(ci, decimals = 1) {
      const places = Math.max(decimalsKeepingSign(ci[0], decimals, roundDown), decimalsKeepingSign(-ci[1], decimals, (v, d) => -roundUp(-v, d)));
      const [low, high] = [number(roundDown(ci[0], places), places), number(roundUp(ci[1], places), places)];
      if (low.startsWith(MINUS) || high.startsWith(MINUS)) return fill(textsFor(locale).units.negativeInterval, { low, high });
      return `${low}–${high}`;
    },
    date(iso) {
      return clean(longDate.format(toUtcDate(iso)));
    },
    dateRange(fromIso, toIso) {
      const from = toUtcDate(fromIso);
      const to = toUtcDate(toIso);
      if (from.getTime() === to.getTime()) return formatter.date(fromIso);
      if (from.getUTCFullYear() !== to.getUTCFullYear()) return `${formatter.date(fromIso)}–${formatter.date(toIso)}`;
      return `${clean(dayMonth.format(from))}–${formatter.date(toIso)}`;
    },
  };
  return formatter;
}

/** Hyphen-minus becomes a true minus; narrow no-break spaces become ones Roboto can draw. */
function clean(text: string): string {
  return text.replace(NARROW_NBSP, NBSP).replace(/-/g, MINUS);
}

/** −0,0 is not a number anyone should read: round first, then drop the sign of zero. */
function negativeZeroFree(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : value;
}

function roundDown(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 1e-9) / factor;
}

function roundUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.ceil(value * factor - 1e-9) / factor;
}

/**
 * At least `decimals`, and up to four, until a positive bound no longer rounds (towards zero, by `round`)
 * onto zero: only a bound on the far side of zero from the rest of the interval can lose its sign.
 */
function decimalsKeepingSign(value: number, decimals: number, round: (value: number, decimals: number) => number): number {
  let places = decimals;
  while (places < 4 && value > 0 && round(value, places) <= 0) places += 1;
  return places;
}

function toUtcDate(iso: string): Date {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO date: "${iso}"`);
  return date;
}

/** d3-format / d3-time-format locale definitions for vega, so chart axes read like the text. */
export interface VegaLocaleDefinition {
  number: Record<string, unknown>;
  time: Record<string, unknown>;
}

export const VEGA_LOCALES: Record<Locale, VegaLocaleDefinition> = {
  sv: {
    number: { decimal: ',', thousands: NBSP, grouping: [3], currency: ['', `${NBSP}kr`], minus: MINUS, percent: `${NBSP}%` },
    time: {
      dateTime: '%A %e %B %Y %X',
      date: '%Y-%m-%d',
      time: '%H:%M:%S',
      periods: ['fm', 'em'],
      days: ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'],
      shortDays: ['sön', 'mån', 'tis', 'ons', 'tor', 'fre', 'lör'],
      months: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
      shortMonths: ['jan', 'feb', 'mars', 'apr', 'maj', 'juni', 'juli', 'aug', 'sep', 'okt', 'nov', 'dec'],
    },
  },
  en: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''], minus: MINUS },
    time: {
      dateTime: '%a %e %b %X %Y',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  },
};
