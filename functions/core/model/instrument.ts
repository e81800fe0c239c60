import * as z from 'zod';
import { lazy } from './lazy.ts';

export const LEVELS = ['reaction', 'learning', 'behaviour', 'results'] as const;
export type Level = (typeof LEVELS)[number];
/** Kirkpatrick level number for each named level. */
export const LEVEL_NUMBER: Record<Level, 1 | 2 | 3 | 4> = { reaction: 1, learning: 2, behaviour: 3, results: 4 };

export const INSTRUMENT_KINDS = ['rating', 'test', 'indicator'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const localizedTextSchema = lazy(() => z.object({ sv: z.string().min(1), en: z.string().min(1) }));
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const instrumentDefinitionSchema = lazy(() => z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an instrument id is lowercase letters, digits and hyphens'),
    name: z.string().min(1),
    /** The name reports show, per language (e.g. a Swedish index's English name); `name` when absent. */
    displayName: localizedTextSchema.optional(),
    level: z.enum(['learning', 'behaviour', 'results']),
    /**
     * What a score is: a rating of a leader's behaviour (self or 360), a knowledge test score, or a
     * unit-level indicator (e.g. an engagement index of the leader's unit). Reports label each by its kind; default rating.
     */
    kind: z.enum(INSTRUMENT_KINDS).optional(),
    scale: z.object({ min: z.number(), max: z.number() }).refine((s) => s.max > s.min, 'scale.max must exceed scale.min'),
    dimensions: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a dimension id is lowercase letters, digits and hyphens'),
          label: localizedTextSchema,
          /** Lower scores are better (e.g. "passive leadership"); default false. */
          lowerIsBetter: z.boolean().optional(),
        }),
      )
      .min(1),
    /**
     * The instrument's questions, when files give answers per item rather than per dimension: a respondent's
     * dimension score is the mean of the dimension's answered items after reverse-keying (min + max − x).
     */
    items: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an item id is lowercase letters, digits and hyphens'),
            dimension: z.string().min(1),
            /** Reverse-keyed: agreeing means less of the dimension; scored as min + max − answer. */
            reverse: z.boolean().optional(),
            label: localizedTextSchema,
          })
          .strict(),
      )
      .min(1)
      .optional(),
    /** Internal-consistency reliability (e.g. Cronbach's alpha) used for the reliable change index. */
    reliability: z.number().gt(0).lt(1).optional(),
    /** The publisher states the instrument is not for measuring effects: show means only, no tests or effect sizes. */
    descriptiveOnly: z.boolean().optional(),
    descriptiveReason: localizedTextSchema.optional(),
    publisher: z.string().optional(),
    description: localizedTextSchema.optional(),
  })
  .strict());

export type InstrumentDefinition = z.infer<typeof instrumentDefinitionSchema>;

export type InstrumentItem = NonNullable<InstrumentDefinition['items']>[number];

export function instrumentKind(definition: Pick<InstrumentDefinition, 'kind'>): InstrumentKind {
  return definition.kind ?? 'rating';
}
