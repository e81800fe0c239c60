import * as z from 'zod';
import { CLIENT_ID_PATTERN } from './ids.ts';
import { lazy } from './lazy.ts';

export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DELIVERY_MODES = ['review', 'auto'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** No figure may ever rest on fewer than this many people, whatever a client asks for. */
export const ABSOLUTE_MIN_GROUP = 3;

/**
 * One line of text: names end up in e-mail headers and bodies, where a line break could forge a header
 * ("Bcc: …") or a line that seems to come from Effekt.
 */
const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s), 'must be one line of text, without line breaks or control characters');

/** A map keyed by programme id; readers look keys up with Object.hasOwn, so "constructor" or "toString" are plain ids. */
const programKey = lazy(() => z.string());

export const clientSettingsSchema = lazy(() => z
  .object({
    clientId: z.string().regex(CLIENT_ID_PATTERN),
    displayName: singleLine(200),
    locale: z.enum(LOCALES).default('sv'),
    recipients: z.array(z.email()).max(50).default([]),
    /** The consultant told about rejected files, drafts and failed renders when no uploader is known. */
    consultantContact: z.email().optional(),
    /** "review": a new version is a draft a consultant approves before the client gets it; "auto": sent at once. */
    delivery: z.enum(DELIVERY_MODES).default('review'),
    /** Language of what Effekt tells the consultant (rejections, drafts, notices); the report follows `locale`. */
    consultantLocale: z.enum(LOCALES).default('sv'),
    /** The consultant who signs the commentary in the report. */
    consultantName: singleLine(200).optional(),
    /** Minimum n for any client-level figure. */
    minGroupSize: z.number().int().min(ABSOLUTE_MIN_GROUP).max(100).default(5),
    /** Minimum number of raters behind a rater-group aggregate (manager, employee, peer); the group also needs minGroupSize leaders. */
    minRaterGroupSize: z.number().int().min(ABSOLUTE_MIN_GROUP).max(100).default(3),
    /** Minimum number of responses of a group whose comments are printed; default (and never below) minGroupSize. */
    minCommentGroupSize: z.number().int().min(ABSOLUTE_MIN_GROUP).max(100).optional(),
    /** People invited to each programme's reaction survey, by programme id: gives a response rate beside n. */
    invited: z.record(programKey, z.number().int().min(1).max(1_000_000)).default({}),
    /** Co-branding logo (PNG or JPEG), base64. */
    logo: z
      .object({ contentType: z.enum(['image/png', 'image/jpeg']), dataBase64: z.string().max(700_000) })
      .optional(),
    /** Display names for programme ids found in the data. */
    programNames: z.record(programKey, singleLine(200)).default({}),
    /** Recipients SES reported as bouncing or complaining; never emailed again until removed. */
    undeliverable: z.array(z.email()).default([]),
  })
  .strict());

export type ClientSettings = z.infer<typeof clientSettingsSchema>;
export type ClientSettingsInput = z.input<typeof clientSettingsSchema>;

export function defaultClientSettings(clientId: string): ClientSettings {
  return clientSettingsSchema.parse({ clientId, displayName: clientId });
}
