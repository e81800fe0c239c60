/** Locale-independent ordering, so documents sort identically on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}
