import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvReading, type CsvResult, readCsv } from '../../../functions/core/parse/csv.ts';
import type { TableRow } from '../../../functions/core/parse/table.ts';
import { generateReactionCsv } from '../../../examples/generate.ts';

/** Everything a reader of the result can observe: the refusal, or the header and every row with its line. */
function observed(result: CsvResult): unknown {
  if (!result.ok) return result;
  const rows: TableRow[] = [...result.table.rows];
  return { delimiter: result.delimiter, headerLine: result.table.headerLine, headers: result.table.headers, rows, nonBlank: result.table.rows.countNonBlank(1e9) };
}

const HELD: CsvReading = { holdRecordsUpToChars: Number.POSITIVE_INFINITY, chunkChars: 1 << 20 };
const lazy = (chunkChars: number): CsvReading => ({ holdRecordsUpToChars: 0, chunkChars });

/** Texts built from what matters to quoting: delimiters, quotes, line breaks, blanks, and characters of two and four UTF-8 bytes. */
const csvText = fc
  .array(fc.constantFrom('a', 'R1', '7', ';', ',', '"', '""', '\n', '\r\n', ' ', 'å', '😀', 'x;y', '"k, m"', '"två\nrader"'), { maxLength: 60 })
  .map((parts) => `"id";b;c\n${parts.join('')}`);

describe('quoted CSV read in chunks, record by record (issue 25: a 1,000,000-row file within the ingest memory)', () => {
  it('gives exactly the held reading, for any chunk size, refusals included', () => {
    fc.assert(
      fc.property(csvText, fc.integer({ min: 1, max: 9 }), (text, chunkChars) => {
        expect(observed(readCsv(text, lazy(chunkChars)))).toEqual(observed(readCsv(text, HELD)));
      }),
      { numRuns: 600 },
    );
  });

  it("gives csv-parse's own records on the whole text, each on the line it starts on", () => {
    fc.assert(
      fc.property(csvText, fc.integer({ min: 1, max: 9 }), (text, chunkChars) => {
        const normalised = text.replace(/\r\n?/g, '\n');
        let records: string[][];
        try {
          records = parse(normalised, { delimiter: ';', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: '\n' });
        } catch {
          const result = readCsv(text, lazy(chunkChars));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['malformed-csv', 'unclosed-quote']).toContain(result.rule);
          return;
        }
        const result = readCsv(text, lazy(chunkChars));
        if (!result.ok) {
          // Only the reader's own checks may refuse text csv-parse reads.
          expect(['extra-field', 'unclosed-quote']).toContain(result.rule);
          return;
        }
        const rows = [...result.table.rows];
        expect(rows.map((r) => r.cells)).toEqual(records.slice(1));
        // Lines: the first data row starts after the header's line breaks, and each row after the one before's.
        let line = 1 + 1 + (records[0]!.join('').match(/\n/g)?.length ?? 0);
        for (const row of rows) {
          expect(row.line).toBe(line);
          line += 1 + row.cells.join('').split('\n').length - 1;
        }
      }),
      { numRuns: 600 },
    );
  });

  it('reads a large file the same both ways, with records and four-byte characters across chunk boundaries, and again on a second iteration', () => {
    const lines = ['respondent;program;nöjdhet;kommentar'];
    for (let i = 0; i < 20_000; i++) {
      const comment = i % 3 === 1 ? `"Bra; mycket bra 😀\nrad två ""citat"" ${i}"` : i % 3 === 2 ? '' : `"åäö ${'😀'.repeat(i % 7)}"`;
      lines.push(`R${i};P${i % 5};${i % 10};${comment}`);
    }
    const text = `${lines.join('\n')}\n`;
    const held = readCsv(text, HELD);
    const chunked = readCsv(text, lazy(4093));
    expect(held.ok && chunked.ok).toBe(true);
    if (!held.ok || !chunked.ok) return;
    const first = [...chunked.table.rows];
    expect(first).toEqual([...held.table.rows]);
    expect([...chunked.table.rows]).toEqual(first);
    expect(first).toHaveLength(20_000);
    // Rows 1, 4, …, 19999 hold a line break each, so the last row starts 6,666 lines further down than its number.
    expect(first.at(-1)).toEqual({ line: 20_001 + 6_666, cells: ['R19999', 'P4', '9', 'Bra; mycket bra 😀\nrad två "citat" 19999'] });
    expect(chunked.table.rows.countNonBlank(1e9)).toBe(20_000);
  });

  it('refuses a broken file with the same rule, line and sentence both ways', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `R${i};P;5;"ok ${i}"`);
    const cases = [
      { text: ['id;p;n;k', ...rows, 'R9;P;5;"never closed', ...rows].join('\n'), rule: 'unclosed-quote' },
      { text: ['id;p;n;k', ...rows, 'R9;P;5;"x";extra', ...rows].join('\n'), rule: 'extra-field' },
      { text: ['id;p;n;k', ...rows, 'R9;P;5;"opens here', 'R10;P;5;swallowed', 'closes"', ...rows].join('\n'), rule: 'unclosed-quote' },
    ];
    for (const { text, rule } of cases) {
      const held = readCsv(text, HELD);
      expect(held.ok ? 'ok' : held.rule).toBe(rule);
      expect(readCsv(text, lazy(1000))).toEqual(held);
    }
  });
});

describe('a quoted file above the size kept in memory, through parseDataFile as ingest calls it', () => {
  it('gives the rows of the same file without quotes, line for line', async () => {
    const { parseDataFile } = await import('../../../functions/core/parse/index.ts');
    const { instrumentCatalog } = await import('../../../functions/core/instruments/builtin.ts');
    const { DEFAULT_CSV_READING } = await import('../../../functions/core/parse/csv.ts');
    const plain = generateReactionCsv(230_000);
    // Every comment quoted: csv-parse takes the quotes off, so the cells equal the quote-free file's.
    const quoted = plain.replaceAll('Bra dagar', '"Bra dagar"');
    expect(quoted.length).toBeGreaterThan(DEFAULT_CSV_READING.holdRecordsUpToChars);
    const read = async (text: string) => {
      const rowLines: number[] = [];
      const outcome = await parseDataFile({ fileName: 'stor.csv', bytes: new TextEncoder().encode(text), instruments: instrumentCatalog([]), rowLines });
      return { outcome, rowLines };
    };
    const fromQuoted = await read(quoted);
    const fromPlain = await read(plain);
    expect(fromQuoted.outcome.ok && fromQuoted.outcome.kind === 'reaction' ? fromQuoted.outcome.rows.length : 0).toBe(230_000);
    expect(fromQuoted).toEqual(fromPlain);
  });
});
