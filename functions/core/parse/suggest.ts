/** "Did you mean …" for misspelt headers and ids. */
import { detail } from './messages/index.ts';

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

/** Folds case, accents and separators so "Nojdhet" is one edit from nothing and "Nöjdhet" from nothing too. */
export function foldForComparison(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** The closest candidate within a length-scaled distance, or undefined when nothing is plausibly meant. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const folded = foldForComparison(input);
  if (folded === '') return undefined;
  const allowed = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(folded, foldForComparison(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closest(input, candidates);
  return match === undefined ? '' : detail.didYouMean(match);
}
