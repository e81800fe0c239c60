/** The published reference vectors shared by every implementation (copied from public sources into test/fixtures/reference, each with its source). */
import { readFileSync } from 'node:fs';

export interface PairedReference {
  pre: number[];
  post: number[];
  meanDiff: number;
  t: number;
  df: number;
  p: number;
  ci95: [number, number];
  sdDiff?: number;
  preSd?: number;
  postSd?: number;
  r?: number;
  dz?: number;
  dav?: number;
}

export interface References {
  sleep: PairedReference;
  intake: PairedReference;
  hedgesJ: { exact: Record<string, number> };
  nps: { ratings: number[]; nps: number };
  leadershipTrainingBenchmarks: { reactions: number; learning: number; transfer: number; results: number };
}

export const references = JSON.parse(
  readFileSync(new URL('../../fixtures/reference/paired-t.json', import.meta.url), 'utf8'),
) as References;

/** |actual − expected| ≤ tolerance · max(|expected|, tiny): relative comparison that survives values near 0. */
export function expectRelativelyClose(actual: number | undefined, expected: number, tolerance = 1e-4): void {
  if (actual === undefined || !Number.isFinite(actual)) throw new Error(`expected ${expected}, got ${actual}`);
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(actual - expected) > tolerance * scale) {
    throw new Error(`expected ${expected} (relative tolerance ${tolerance}), got ${actual}`);
  }
}
