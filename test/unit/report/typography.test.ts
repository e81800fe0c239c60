/** Real subscripts: `g_av` in the wording becomes g with a subscript "av" in text, tables and charts. */
import { describe, expect, it } from 'vitest';
import { applySubscripts, subscriptRuns, withSubscripts } from '../../../functions/core/report/typography.ts';

describe('subscripts', () => {
  it('turns a letter_index into the letter and a subscript inline, and leaves other underscores alone', () => {
    expect(withSubscripts('Effektstorleken g_av och d_z.')).toEqual([
      { text: 'Effektstorleken g' },
      { text: 'av', sub: true },
      { text: ' och d' },
      { text: 'z', sub: true },
      { text: '.' },
    ]);
    for (const plain of ['fil_01.csv', 'rapport_av.csv', 'g_AV', 'utan index']) expect(withSubscripts(plain)).toBe(plain);
  });

  it('rewrites text nodes, inline arrays (keeping their style) and table cells in place', () => {
    const content = [
      { text: 'Median g_av' },
      { text: [{ text: 'g_av = ', bold: true }, '0,85'] },
      { table: { body: [['g_av (95 % KI)', 'Par']] } },
    ];
    applySubscripts(content);
    expect(content[0]).toEqual({ text: [{ text: 'Median g' }, { text: 'av', sub: true }] });
    expect(content[1]).toEqual({ text: [{ text: 'g', bold: true }, { text: 'av', sub: true, bold: true }, { text: ' = ', bold: true }, '0,85'] });
    expect((content[2] as { table: { body: unknown[][] } }).table.body[0]).toEqual([{ text: [{ text: 'g' }, { text: 'av', sub: true }, { text: ' (95 % KI)' }] }, 'Par']);
  });

  it('splits chart text into runs with a smaller, lowered index', () => {
    expect(subscriptRuns('Median g_av', 9)).toEqual([
      { text: 'Median g', size: 9, shift: 0 },
      { text: 'av', size: 6.48, shift: 1.98 },
    ]);
    expect(subscriptRuns('g_av och d_z.', 10)).toEqual([
      { text: 'g', size: 10, shift: 0 },
      { text: 'av', size: 7.2, shift: 2.2 },
      { text: ' och d', size: 10, shift: 0 },
      { text: 'z', size: 7.2, shift: 2.2 },
      { text: '.', size: 10, shift: 0 },
    ]);
    expect(subscriptRuns('rapport_av.csv', 9)).toBeNull();
  });
});
