/** Report wording per locale, from report-templates/texts (static imports so the Lambda bundle carries them). */
import sv from '../../../report-templates/texts/sv.json' with { type: 'json' };
import en from '../../../report-templates/texts/en.json' with { type: 'json' };
import type { Locale } from '../model/index.ts';

export type Texts = typeof sv;

// Typed against the Swedish file: a key missing from the English file fails the typecheck.
const TEXTS: Record<Locale, Texts> = { sv, en };

export function textsFor(locale: Locale): Texts {
  return TEXTS[locale];
}

/** Fills `{name}` placeholders; an unknown placeholder is a template bug, so it throws. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`text "${template}" needs a value for {${key}}`);
    return String(value);
  });
}
