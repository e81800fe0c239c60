import { ABSOLUTE_MIN_GROUP, type ClientSettings } from '../model/index.ts';

export interface GroupThresholds {
  /** Distinct people (respondents, or rated leaders) behind any figure. */
  minGroupSize: number;
  /** Distinct raters behind a figure of a rater group other than self. */
  minRaterGroupSize: number;
  /** Responses of a group whose comments may be printed. */
  minCommentGroupSize: number;
}

/** The client's thresholds, never below the absolute floor, and comments never on a smaller group than figures. */
export function effectiveThresholds(settings: Pick<ClientSettings, 'minGroupSize' | 'minRaterGroupSize' | 'minCommentGroupSize'>): GroupThresholds {
  const minGroupSize = Math.max(ABSOLUTE_MIN_GROUP, settings.minGroupSize);
  return {
    minGroupSize,
    minRaterGroupSize: Math.max(ABSOLUTE_MIN_GROUP, settings.minRaterGroupSize),
    minCommentGroupSize: Math.max(minGroupSize, settings.minCommentGroupSize ?? minGroupSize),
  };
}
