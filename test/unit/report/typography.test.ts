/** Real subscripts: `g_av` in the wording becomes g with a subscript "av" in text, tables and charts. */
import { describe, expect, it } from 'vitest';
import { applySubscripts, svgSubscripts, withSubscripts } from '../../../functions/core/report/typography.ts';
import { renderChart } from '../../../functions/core/report/charts.ts';

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

  it('sets chart text with a smaller, lowered tspan', async () => {
    expect(svgSubscripts('<text x="1" font-size="9">Median g_av</text>')).toBe('<text x="1" font-size="9">Median g<tspan font-size="6.48" baseline-shift="-1.98">av</tspan></text>');
    const chart = await renderChart(
      'trend',
      { data: { values: [1, 2].map((i) => ({ panel: 'Median g_av', panelOrder: 2, series: 'Median g_av', seriesOrder: 4, year: String(2023 + i), value: i / 4, label: '' })) } },
      'sv',
    );
    expect(chart.svg).not.toContain('g_av');
    expect(chart.svg).toContain('>av</tspan>');
  });
});
