import { describe, expect, it } from 'vitest';
import { keys, parseRowsSk, SK_PREFIX, yearOfMetricsSk } from '../../../functions/core/model/index.ts';

describe('table keys', () => {
  it('are spelled as docs/architecture.md lays them out', () => {
    expect(keys.settings('sodertalje')).toEqual({ pk: 'CLIENT#sodertalje', sk: 'SETTINGS' });
    expect(keys.instrument('sodertalje', 'lmx-7')).toEqual({ pk: 'CLIENT#sodertalje', sk: 'INSTRUMENT#lmx-7' });
    expect(keys.metrics('sodertalje', 2025)).toEqual({ pk: 'CLIENT#sodertalje', sk: 'METRICS#2025' });
    expect(keys.metricsPart('sodertalje', 2025, 2)).toEqual({ pk: 'CLIENT#sodertalje', sk: 'METRICSPART#2025#002' });
    expect(keys.report('sodertalje', 2025, 12)).toEqual({ pk: 'CLIENT#sodertalje', sk: 'REPORT#2025#000012' });
    expect(keys.job('sodertalje', 2025)).toEqual({ pk: 'CLIENT#sodertalje', sk: 'JOB#2025' });
    expect(keys.state('sodertalje', 2025)).toEqual({ pk: 'CY#sodertalje#2025', sk: 'STATE' });
    expect(keys.file('sodertalje', 2025, 'maj/reaktioner.csv')).toEqual({ pk: 'CY#sodertalje#2025', sk: 'FILE#maj/reaktioner.csv' });
    expect(keys.contentHash('sodertalje', 2025, 'ab12')).toEqual({ pk: 'CY#sodertalje#2025', sk: 'HASH#ab12' });
    expect(keys.rows('sodertalje', 2025, 'f1', 'i1', 7)).toEqual({ pk: 'CY#sodertalje#2025', sk: 'ROWS#f1#i1#00007' });
    expect(keys.rejection('sodertalje', 2025, 'x.csv')).toEqual({ pk: 'CY#sodertalje#2025', sk: 'REJECTION#x.csv' });
    expect(keys.upload('sodertalje', 2025, 'x.csv')).toEqual({ pk: 'CY#sodertalje#2025', sk: 'UPLOAD#x.csv' });
    expect(keys.action('sodertalje', 2025)).toEqual({ pk: 'CY#sodertalje#2025', sk: 'ACTION' });
    expect(keys.commentary('sodertalje', 2025)).toEqual({ pk: 'CY#sodertalje#2025', sk: 'COMMENTARY' });
    expect(keys.mapping('sodertalje', 2025, 'a.mapping.json')).toEqual({ pk: 'CY#sodertalje#2025', sk: 'MAPPING#a.mapping.json' });
    expect(keys.audit('sodertalje', '2025-05-01T10:00:00.000Z', 'e1')).toEqual({ pk: 'AUDIT#sodertalje', sk: '2025-05-01T10:00:00.000Z#e1' });
    expect(keys.deadLetter('effekt-dev-render', 'm-1')).toEqual({ pk: 'DLQ#effekt-dev-render', sk: 'm-1' });
  });

  it('sort numerically where numbers are padded (versions, parts, chunks)', () => {
    const versions = [2, 10, 1, 100_000].map((v) => keys.report('c', 2025, v).sk);
    expect([...versions].sort()).toEqual([1, 2, 10, 100_000].map((v) => keys.report('c', 2025, v).sk));
    const chunks = [9, 10, 0].map((i) => keys.rows('c', 2025, 'f', 'i', i).sk);
    expect([...chunks].sort()).toEqual([0, 9, 10].map((i) => keys.rows('c', 2025, 'f', 'i', i).sk));
  });

  it('have prefixes that select exactly their kind', () => {
    expect(keys.report('c', 2025, 3).sk.startsWith(SK_PREFIX.report(2025))).toBe(true);
    expect(keys.report('c', 2025, 3).sk.startsWith(SK_PREFIX.report(2024))).toBe(false);
    // A metrics part is not a metrics document, though both start with METRICS.
    expect(keys.metricsPart('c', 2025, 1).sk.startsWith(SK_PREFIX.metrics)).toBe(false);
    expect(keys.rows('c', 2025, 'f1', 'i1', 0).sk.startsWith(SK_PREFIX.rows('f1', 'i1'))).toBe(true);
    expect(keys.rows('c', 2025, 'f1', 'i10', 0).sk.startsWith(SK_PREFIX.rows('f1', 'i1'))).toBe(false);
  });

  it('read back what they were built from', () => {
    expect(yearOfMetricsSk(keys.metrics('c', 2031).sk)).toBe(2031);
    expect(parseRowsSk(keys.rows('c', 2025, 'f1', 'i1', 3).sk)).toEqual({ fileId: 'f1', ingestId: 'i1' });
    expect(parseRowsSk('FILE#x')).toBeUndefined();
  });
});
