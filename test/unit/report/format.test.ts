import { describe, expect, it } from 'vitest';
import { formatterFor, VEGA_LOCALES } from '../../../functions/core/report/format.ts';

const MINUS = '\u2212';
const NBSP = '\u00a0';

describe('Swedish formatting', () => {
  const f = formatterFor('sv');

  it('uses a decimal comma, a true minus and no-break spaces Roboto can draw', () => {
    expect(f.number(9.6)).toBe('9,6');
    expect(f.number(9.64, 2)).toBe('9,64');
    expect(f.number(-0.3)).toBe(`${MINUS}0,3`);
    expect(f.integer(12345)).toBe(`12${NBSP}345`);
    expect(f.number(1234567.25, 1)).toBe(`1${NBSP}234${NBSP}567,3`);
    expect(f.percent(0.12)).toBe(`12${NBSP}%`);
    expect(f.percent(0.125, 1)).toBe(`12,5${NBSP}%`);
    for (const text of [f.integer(12345), f.percent(0.5)]) expect(text).not.toMatch(/[\u202f-]/);
  });

  it('signs changes and never prints a negative zero', () => {
    expect(f.signed(0.4)).toBe('+0,4');
    expect(f.signed(-0.34)).toBe(`${MINUS}0,3`);
    expect(f.signed(-0.04)).toBe('0,0');
    expect(f.number(-0.004, 2)).toBe('0,00');
    expect(f.signed(44.4, 0)).toBe('+44');
  });

  it('rounds interval bounds outwards, with more decimals where a bound would print as zero', () => {
    expect(f.interval([0.04, 0.46])).toBe('0,04–0,46');
    expect(f.interval([0.15, 0.46])).toBe('0,1–0,5');
    expect(f.interval([-0.66, -0.02], 2)).toBe(`${MINUS}0,66 till ${MINUS}0,02`);
    expect(f.interval([-0.004, 0.3])).toBe(`${MINUS}0,1 till 0,3`);
    expect(f.interval([-0.3, -0.004])).toBe(`${MINUS}0,300 till ${MINUS}0,004`);
    expect(f.interval([0, 0.3])).toBe('0,0–0,3');
  });

  it('writes intervals so a negative bound cannot be read as a dash', () => {
    expect(f.interval([8.51, 9.14])).toBe('8,5–9,2');
    expect(f.interval([-0.12, 0.35], 2)).toBe(`${MINUS}0,12 till 0,35`);
  });

  it('writes dates in Swedish, independent of the server time zone', () => {
    expect(f.date('2025-05-03')).toBe('3 maj 2025');
    expect(f.date('2025-06-12T23:41:00Z')).toBe('12 juni 2025');
    expect(f.dateRange('2025-02-03', '2025-10-25')).toBe('3 februari–25 oktober 2025');
    expect(f.dateRange('2024-12-03', '2025-01-25')).toBe('3 december 2024–25 januari 2025');
    expect(() => f.date('not a date')).toThrow(RangeError);
  });
});

describe('English formatting', () => {
  const f = formatterFor('en');

  it('uses a decimal point, thousands commas and the same true minus', () => {
    expect(f.number(9.6)).toBe('9.6');
    expect(f.number(-0.3)).toBe(`${MINUS}0.3`);
    expect(f.integer(12345)).toBe('12,345');
    expect(f.percent(0.12)).toBe('12%');
    expect(f.interval([-0.12, 0.35], 2)).toBe(`${MINUS}0.12 to 0.35`);
    expect(f.date('2025-05-03')).toBe('3 May 2025');
  });
});

describe('chart locales', () => {
  it('give vega the same separators as the text', () => {
    expect(VEGA_LOCALES.sv.number).toMatchObject({ decimal: ',', thousands: NBSP, minus: MINUS });
    expect(VEGA_LOCALES.en.number).toMatchObject({ decimal: '.', thousands: ',', minus: MINUS });
    expect(VEGA_LOCALES.sv.time.months).toContain('oktober');
  });
});
