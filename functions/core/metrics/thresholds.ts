import { ABSOLUTE_MIN_GROUP, type ClientSettings, type Rater } from '../model/index.ts';

export interface GroupThresholds {
  minGroupSize: number;
  minRaterGroupSize: number;
}

/** The client's thresholds, never below the absolute floor whatever the settings say. */
export function effectiveThresholds(settings: Pick<ClientSettings, 'minGroupSize' | 'minRaterGroupSize'>): GroupThresholds {
  return {
    minGroupSize: Math.max(ABSOLUTE_MIN_GROUP, settings.minGroupSize),
    minRaterGroupSize: Math.max(ABSOLUTE_MIN_GROUP, settings.minRaterGroupSize),
  };
}

/** Self-ratings are client-level figures; other raters form rater groups with their own minimum. */
export function minimumFor(rater: Rater, thresholds: GroupThresholds): number {
  return rater === 'self' ? thresholds.minGroupSize : thresholds.minRaterGroupSize;
}
