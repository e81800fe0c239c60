import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../../functions/core/parse/string-index.ts';

describe('StringIndex', () => {
  it('keeps the first value of every key, as a Map would, through growth (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer({ min: -1, max: 1_000_000 })), { maxLength: 3000 }), (entries) => {
        const index = new StringIndex();
        const map = new Map<string, number>();
        for (const [key, value] of entries) {
          expect(index.getOrAdd(key, value)).toBe(map.get(key));
          if (!map.has(key)) map.set(key, value);
        }
        expect(index.size).toBe(map.size);
      }),
      { numRuns: 100 },
    );
  });

  it('tells apart keys that differ only in one character, case or length, and keeps -1 as a value', () => {
    const index = new StringIndex();
    const keys = Array.from({ length: 50_000 }, (_, i) => `P${String(i).padStart(7, '0')}`);
    keys.forEach((key, i) => expect(index.getOrAdd(key, i % 2 === 0 ? i : -1)).toBeUndefined());
    expect(index.getOrAdd('P0000002', 7)).toBe(2);
    expect(index.getOrAdd('P0000003', 7)).toBe(-1);
    expect(index.getOrAdd('p0000002', 7)).toBeUndefined();
    expect(index.getOrAdd('P000000', 7)).toBeUndefined();
    expect(index.getOrAdd('', 9)).toBeUndefined();
    expect(index.getOrAdd('', 10)).toBe(9);
  });

  it('gives the same answers when sized for more or fewer keys than it gets', () => {
    for (const expected of [0, 10, 100_000]) {
      const index = new StringIndex(expected);
      for (let i = 0; i < 5000; i++) expect(index.getOrAdd(`r${i % 2500}`, i)).toBe(i < 2500 ? undefined : i - 2500);
      expect(index.size).toBe(2500);
    }
  });
});
