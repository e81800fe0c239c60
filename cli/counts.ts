/** Counts as the CLI prints them: "1 row", "2 rows" (a single late answer is a common upload). */
export const rowsText = (n: number): string => (n === 1 ? '1 row' : `${n} rows`);

export const problemsText = (n: number): string => (n === 1 ? '1 problem' : `${n} problems`);
