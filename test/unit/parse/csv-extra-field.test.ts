import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../functions/core/parse/csv.ts';

/** The refusal's rule, line and field number, or 'ok'. */
function verdict(text: string): string | [string, number, number | undefined] {
  const result = readCsv(text);
  return result.ok ? 'ok' : [result.rule, result.line, result.column];
}

describe('CSV rows longer than the header (issue 23, no silent cut)', () => {
  it('refuse the first value past the header, with or without quotes in the file, naming its line and field', () => {
    expect(verdict('a;b;c\n1;2;3\n\n4;5;6;;x\n')).toEqual(['extra-field', 4, 5]);
    expect(verdict('a,b\n"1,5",2\n3,4,5\n')).toEqual(['extra-field', 3, 3]);
    // A quoted line break moves the following rows' lines on.
    expect(verdict('a,b\n"två\nrader",2\n3,4,"5"\n')).toEqual(['extra-field', 4, 3]);
  });

  it('pass empty fields past the header, as spreadsheets write them: nothing is lost', () => {
    expect(verdict('a,b\n1,2,,  \n3,4,\n')).toBe('ok');
    expect(verdict('a,b\n"1",2,""\n')).toBe('ok');
    expect(verdict('a;b;c\n1;2\n')).toBe('ok');
  });

  it('find a value past the header even when no row before it has a delimiter', () => {
    const text = ['respondent', ...Array.from({ length: 5000 }, (_, i) => `R${i}`), 'R9,extra'].join('\n');
    expect(verdict(text)).toEqual(['extra-field', 5002, 2]);
  });
});
