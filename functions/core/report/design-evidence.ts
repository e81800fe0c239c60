/**
 * What research found about a programme's design features, as data (report-templates/design-evidence.json,
 * encoded from Lacerenza et al. 2017 and checked against quotes of the article in
 * test/fixtures/design/lacerenza-2017-quotes.json), and which of those features a described programme has.
 */
import * as z from 'zod';
import raw from '../../../report-templates/design-evidence.json' with { type: 'json' };
import type { Level, ProgramDesign } from '../model/index.ts';

export const CRITERIA = ['reactions', 'learning', 'transfer', 'results'] as const;
export type Criterion = (typeof CRITERIA)[number];

/** The rows of the design table, in the order the report prints them. */
export const DESIGN_FEATURES = [
  'needs-analysis',
  'feedback',
  'multiple-delivery-methods',
  'practice',
  'spaced-sessions',
  'on-site',
  'face-to-face',
  'attendance',
  'duration',
  'manager-support',
  'peer-support',
  'psychological-safety',
] as const;
export type DesignFeature = (typeof DESIGN_FEATURES)[number];

const localized = z.object({ sv: z.string().min(1), en: z.string().min(1) }).strict();
const figure = z
  .object({ criterion: z.enum(CRITERIA), delta: z.number(), k: z.number().int().positive().optional(), n: z.number().int().positive().optional() })
  .strict();

const evidenceSchema = z
  .object({
    source: z
      .object({
        citation: z.string().min(1),
        short: localized,
        doi: z.string().min(1),
        samples: z.number().int().positive(),
        samplesPage: z.number().int(),
        samplesQuote: z.string().min(1),
        read: z.string().min(1),
      })
      .strict(),
    overall: z.array(z.object({ criterion: z.enum(CRITERIA), delta: z.number(), page: z.number().int(), quote: z.string().min(1) }).strict()),
    moderators: z.array(
      z
        .object({
          id: z.string().min(1),
          feature: z.enum(DESIGN_FEATURES),
          /** supports: the article supports having the feature; influences: it affects effectiveness, direction not encoded; no-difference: no difference found. */
          finding: z.enum(['supports', 'influences', 'no-difference']),
          /** The criteria the quoted passage names; empty when it names none. */
          criteria: z.array(z.enum(CRITERIA)),
          /** The article's own figures for this moderator, as it reports them; empty when the quoted passage gives none. */
          figures: z.array(figure),
          page: z.number().int(),
          quote: z.string().min(1),
          /** Words of the quote the finding rests on (checked by test/unit/report/design-evidence.test.ts). */
          quoteTerms: z.array(z.string().min(1)).min(1),
          plain: localized,
        })
        .strict(),
    ),
    notInSource: z.object({ features: z.array(z.enum(DESIGN_FEATURES)), plain: localized }).strict(),
    measuring: z.record(z.enum(['reaction', 'learning', 'behaviour', 'results']), z.object({ criterion: z.enum(CRITERIA), sv: z.string().min(1), en: z.string().min(1) }).strict()),
  })
  .strict();

export type DesignEvidence = z.infer<typeof evidenceSchema>;
export type ModeratorFinding = DesignEvidence['moderators'][number];

/** Parsed once at load: a broken evidence file fails every report, and its test, at once. */
export const DESIGN_EVIDENCE: DesignEvidence = evidenceSchema.parse(raw);

/** The features the research links to larger effects: those with a `supports` finding. */
export function supportedFeatures(evidence: DesignEvidence = DESIGN_EVIDENCE): DesignFeature[] {
  return DESIGN_FEATURES.filter((f) => evidence.moderators.some((m) => m.feature === f && m.finding === 'supports'));
}

/** Sessions count as spaced when there are at least two and they span at least two calendar weeks. */
export function isSpaced(design: ProgramDesign): boolean {
  return design.sessions >= 2 && design.weeksSpanned >= 2;
}

/** Whether the programme has the feature; undefined for what is a setting rather than a yes or no (attendance, duration). */
export function hasFeature(design: ProgramDesign, feature: DesignFeature): boolean | undefined {
  switch (feature) {
    case 'needs-analysis':
      return design.needsAnalysis;
    case 'feedback':
      return design.feedback.given;
    case 'multiple-delivery-methods':
      return design.deliveryMethods.length >= 2;
    case 'practice':
      return design.deliveryMethods.includes('practice');
    case 'spaced-sessions':
      return isSpaced(design);
    case 'on-site':
      return design.location === 'on-site';
    case 'face-to-face':
      return design.delivery.mode === 'face-to-face' && !design.delivery.selfAdministered;
    case 'manager-support':
      return design.managerSupport;
    case 'peer-support':
      return design.peerSupport;
    case 'psychological-safety':
      return design.psychologicalSafetyFocus;
    case 'attendance':
    case 'duration':
      return undefined;
  }
}

/** "5 of 7": how many of the features the research supports this programme has. */
export function supportedCount(design: ProgramDesign, evidence: DesignEvidence = DESIGN_EVIDENCE): { has: number; of: number } {
  const supported = supportedFeatures(evidence);
  return { has: supported.filter((f) => hasFeature(design, f) === true).length, of: supported.length };
}

/** Which Kirkpatrick levels measure what criterion of the meta-analysis. */
export const CRITERION_OF_LEVEL: Record<Level, Criterion> = { reaction: 'reactions', learning: 'learning', behaviour: 'transfer', results: 'results' };
