/**
 * Per-text memo for lookups that repeat on almost every row (dates, waves, raters, instruments,
 * dimensions): folding accents and parsing dates is the hot path on 100k-row files.
 * Stops growing past a bound so that a file of unique junk cannot balloon memory.
 */
const MAX_ENTRIES = 10_000;

export function memoByText<T>(compute: (text: string) => T): (text: string) => T {
  // Boxed so that a cached `undefined` (e.g. "not a date") is told apart from a miss.
  const cache = new Map<string, { value: T }>();
  return (text: string) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit.value;
    const value = compute(text);
    if (cache.size < MAX_ENTRIES) cache.set(text, { value });
    return value;
  };
}
