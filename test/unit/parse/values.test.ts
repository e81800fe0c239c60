import { describe, expect, it } from 'vitest';
import { parseDateText, parseNumber, writtenWithFraction } from '../../../functions/core/parse/values.ts';

describe('values written as text (issue 23)', () => {
  it('read a date with a time only when the time is one a clock shows', () => {
    for (const ok of ['2025-05-14 00:00', '2025-05-14 23:59', '2025-05-14T08:30:59Z', '2025-05-14T08:30:00+02:00', '2025-05-14 7:05']) {
      expect(parseDateText(ok), ok).toBe('2025-05-14');
    }
    for (const impossible of ['2025-05-14 25:99', '2025-05-14 24:00', '2025-05-14 12:60', '2025-05-14T23:59:60Z', '2025-05-14T08:30:00+15:00', '2025-05-14T08:30:00+02:75']) {
      expect(parseDateText(impossible), impossible).toBeUndefined();
    }
  });

  it('refuse a number whose decimal separator is followed by nothing', () => {
    expect(parseNumber('7,')).toBeUndefined();
    expect(parseNumber('7.')).toBeUndefined();
    expect(parseNumber('7,5')).toBe(7.5);
    expect(parseNumber(',5')).toBe(0.5);
    expect(parseNumber('7')).toBe(7);
  });

  it('tell text with a non-zero fraction from a whole number, whatever double it reads as', () => {
    expect(Number('9.9999999999999999')).toBe(10);
    expect(writtenWithFraction('9.9999999999999999')).toBe(true);
    expect(writtenWithFraction('7,0000000000000001')).toBe(true);
    expect(writtenWithFraction('7,0')).toBe(false);
    expect(writtenWithFraction('7.000')).toBe(false);
    expect(writtenWithFraction('10')).toBe(false);
  });
});
