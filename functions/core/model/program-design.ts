import * as z from 'zod';
import { lazy } from './lazy.ts';

/**
 * A programme description (`<programme-id>.program.json` in `<client>/<year>/`): how the programme was
 * designed and delivered, in the terms of the design and delivery moderators of Lacerenza et al. (2017), and
 * the transfer climate the consultancy works with. docs/data-format.md ("Programme descriptions") is the
 * contract. The report sets it beside the programme's results (report/sections/design.ts).
 */

export const PROGRAM_FILE_SUFFIX = '.program.json';
/** A programme id as the data files write it (the file name before `.program.json`): letters, digits, spaces, hyphens, underscores. */
export const PROGRAM_ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,79}$/u;

export const DELIVERY_METHODS = ['information', 'demonstration', 'practice'] as const;
export const FEEDBACK_SOURCES = ['trainer', 'coach', 'peers', 'manager', 'employees', 'self'] as const;

const isoDate = lazy(() => z.iso.date('must be a date written YYYY-MM-DD'));
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s), 'must be one line of text, without line breaks or control characters');

export const programDesignSchema = lazy(() => z
  .object({
    /** The programme's name in the report, per language. */
    displayName: z.object({ sv: text(200), en: text(200) }).strict(),
    startDate: isoDate,
    endDate: isoDate,
    /** Number of separate training sessions (days or half-days that are apart). */
    sessions: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500'),
    /** Calendar weeks the sessions span, the first and last included. */
    weeksSpanned: z.number().int('must be a whole number').min(1, 'must be at least 1').max(520, 'must be at most 520'),
    needsAnalysis: z.boolean(),
    deliveryMethods: z
      .array(z.enum(DELIVERY_METHODS))
      .min(1, 'name at least one delivery method')
      .refine((a) => new Set(a).size === a.length, 'must name each delivery method once'),
    feedback: z
      .object({
        given: z.boolean(),
        /** Who gave it; empty when no feedback was given. */
        sources: z.array(z.enum(FEEDBACK_SOURCES)).refine((a) => new Set(a).size === a.length, 'must name each source once'),
      })
      .strict(),
    location: z.enum(['on-site', 'off-site']),
    delivery: z
      .object({
        mode: z.enum(['face-to-face', 'virtual', 'blended']),
        selfAdministered: z.boolean(),
      })
      .strict(),
    attendance: z.enum(['voluntary', 'mandatory']),
    durationHours: z.number().positive('must be more than 0').max(2000, 'must be at most 2000'),
    /** The transfer climate: each participant's manager supported applying what was learnt. */
    managerSupport: z.boolean(),
    /** Participants supported each other between sessions (peer groups, trios, learning partners). */
    peerSupport: z.boolean(),
    /** The programme worked explicitly on psychological safety (in the group and in the participants' teams). */
    psychologicalSafetyFocus: z.boolean(),
  })
  .strict()
  .superRefine((design, ctx) => {
    if (design.endDate < design.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${design.startDate})` });
    if (design.sessions === 1 && design.weeksSpanned > 1) ctx.addIssue({ code: 'custom', path: ['weeksSpanned'], message: 'must be 1 when there is one session' });
    const days = (Date.parse(design.endDate) - Date.parse(design.startDate)) / 86_400_000;
    if (Number.isFinite(days) && days >= 0 && design.weeksSpanned > Math.floor(days / 7) + 2) {
      ctx.addIssue({ code: 'custom', path: ['weeksSpanned'], message: `is more weeks than lie between startDate and endDate (${Math.floor(days / 7) + 2} at most)` });
    }
    if (design.feedback.given && design.feedback.sources.length === 0) ctx.addIssue({ code: 'custom', path: ['feedback', 'sources'], message: 'name who gave the feedback' });
    if (!design.feedback.given && design.feedback.sources.length > 0) ctx.addIssue({ code: 'custom', path: ['feedback', 'sources'], message: 'must be empty when no feedback was given' });
  }));

export type ProgramDesign = z.infer<typeof programDesignSchema>;

/** A design as the metrics document carries it to the report: which programme it describes. */
export const programDesignEntrySchema = lazy(() => z.object({ programId: z.string(), design: programDesignSchema }));
export type ProgramDesignEntry = z.infer<typeof programDesignEntrySchema>;

export function isProgramDesignFile(fileName: string): boolean {
  const base = (fileName.split('/').pop() ?? fileName).trim().toLowerCase();
  return base.endsWith(PROGRAM_FILE_SUFFIX) && base.length > PROGRAM_FILE_SUFFIX.length;
}

/** The programme id a description file names (`ledarprogram.program.json` → `ledarprogram`), NFC, as written. */
export function programIdOfDesignFile(fileName: string): string {
  const base = (fileName.split('/').pop() ?? fileName).trim().normalize('NFC');
  return base.slice(0, base.length - PROGRAM_FILE_SUFFIX.length);
}

/** The record a programme description is stored as (per client-year and programme). */
export const programDesignRecordSchema = lazy(() => z
  .object({
    programId: z.string().min(1),
    fileName: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    design: programDesignSchema,
    updatedAt: z.iso.datetime(),
    /** S3 sequencer of the upload it came from: an older event never overwrites a newer description. */
    sequencer: z.string(),
  })
  .strict());

export type ProgramDesignRecord = z.infer<typeof programDesignRecordSchema>;
