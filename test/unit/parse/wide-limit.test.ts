import { describe, expect, it } from 'vitest';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { builtInInstruments } from './instruments.ts';

const instruments = builtInInstruments();
const HEADER = 'respondent;program;instrument;wave;date;rater;mal;roller;kommunikation;beslut;samarbete';
const wide = (rows: number) =>
  new TextEncoder().encode(
    [HEADER, ...Array.from({ length: rows }, (_, i) => `R${Math.ceil((i + 1) / 2)};ledningsgrupp;team-pro-inventory;${i % 2 === 0 ? 'pre' : 'post'};2025-02-03;self;3;2;4;3;5`)].join('\n'),
  );

describe('the row limit on a wide assessment file (issue 25: the limit rose to 1,000,000 rows)', () => {
  it('counts each score of a wide row as a row, and refuses the file once they pass the limit', async () => {
    // Two rows of five scores: ten rows, at the limit.
    const atLimit = await parseDataFile({ fileName: 'team.csv', bytes: wide(2), instruments, limits: { maxRows: 10 } });
    expect(atLimit).toMatchObject({ ok: true, kind: 'assessment' });
    expect(atLimit.ok && atLimit.kind === 'assessment' ? atLimit.rows.length : 0).toBe(10);
    // Three rows of five: fifteen, over it, though the file has only three data rows.
    const over = await parseDataFile({ fileName: 'team.csv', bytes: wide(3), instruments, limits: { maxRows: 10 } });
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.problems).toHaveLength(1);
    expect(over.problems[0]).toMatchObject({ rule: 'too-many-rows' });
    expect(over.problems[0]!.message).toContain('more than 10 scores');
    expect(over.problems[0]!.message).toContain('one score per column of scores, here 5');
  });
});
