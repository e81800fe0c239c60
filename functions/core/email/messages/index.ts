import type { Locale } from '../../model/index.ts';
import { en } from './en.ts';
import { sv, type EmailMessages } from './sv.ts';

/** E-mail texts, one module per language. */
export type { EmailMessages } from './sv.ts';

export const EMAIL_MESSAGES: Record<Locale, EmailMessages> = { sv, en };

export function emailMessages(locale: Locale): EmailMessages {
  return EMAIL_MESSAGES[locale];
}
