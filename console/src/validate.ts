import type { Messages } from './messages/sv.ts';

/**
 * The API's own rules for client settings (docs/openapi.json, ClientSettingsInput), checked as the
 * consultant types; the API checks them again. test/unit/console/validate.test.ts keeps them equal.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
export const NAME_MAX = 200;
export const GROUP_SIZE = { min: 3, max: 100 } as const;
export const MAX_RECIPIENTS = 50;
export const COMMENTARY_MAX = 20_000;

export function checkName(value: string, t: Messages, required: boolean): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return required ? t.required : undefined;
  return trimmed.length > NAME_MAX ? t.tooLong(NAME_MAX) : undefined;
}

export function checkEmail(value: string, t: Messages, required: boolean): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return required ? t.required : undefined;
  return EMAIL_PATTERN.test(trimmed) ? undefined : t.invalidEmail;
}

export function checkGroupSize(value: string, t: Messages, required: boolean): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return required ? t.required : undefined;
  const n = Number(trimmed);
  return /^\d+$/.test(trimmed) && n >= GROUP_SIZE.min && n <= GROUP_SIZE.max ? undefined : t.numberRange(GROUP_SIZE.min, GROUP_SIZE.max);
}
