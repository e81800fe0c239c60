import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './messages/en.ts';
import { sv, type Messages } from './messages/sv.ts';

export type Locale = 'sv' | 'en';
export const MESSAGES: Record<Locale, Messages> = { sv, en };
const LOCALE_KEY = 'effekt.locale';

/** Swedish unless the person switched to English before (kept in localStorage). */
export function initialLocale(): Locale {
  return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'sv';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

export const I18n = createContext<{ t: Messages; locale: Locale }>({ t: sv, locale: 'sv' });
export const useT = () => useContext(I18n);

export function formatTime(iso: string | undefined, locale: Locale): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
