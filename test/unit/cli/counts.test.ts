import { describe, expect, it } from 'vitest';
import { problemsText, rowsText } from '../../../cli/counts.ts';

describe('counts the CLI prints', () => {
  it('say one row and one problem in the singular', () => {
    expect(rowsText(1)).toBe('1 row');
    expect(rowsText(0)).toBe('0 rows');
    expect(rowsText(820)).toBe('820 rows');
    expect(problemsText(1)).toBe('1 problem');
    expect(problemsText(3)).toBe('3 problems');
  });
});
