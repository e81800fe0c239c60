import { describe, expect, it } from 'vitest';
import { scrubComment, selectComments } from '../../../functions/core/metrics/comments.ts';
import { programsToSuppress } from '../../../functions/core/metrics/reaction.ts';
import { effectiveThresholds } from '../../../functions/core/metrics/thresholds.ts';
import { verdictFor } from '../../../functions/core/metrics/verdict.ts';
import { holmAdjust } from '../../../functions/core/stats/multiplicity.ts';

describe('comment scrubbing', () => {
  it.each([
    ['Ring 070-123 45 67 efteråt', 'Ring [telefonnummer] efteråt'],
    ['Nummer +46 (0)8 123 456 78.', 'Nummer [telefonnummer].'],
    ['Mitt nummer: 070–123 45 67', 'Mitt nummer: [telefonnummer]'],
    ['Ring 08\u2011123 45 67 (växel)', 'Ring [telefonnummer] (växel)'],
    ['+1 (555) 010-9999 i USA', '[telefonnummer] i USA'],
    ['mejla Åsa.Öberg@kommun.se!', 'mejla [e-post]!'],
    ['anna.svensson(at)kund.example', '[e-post]'],
    ['anna [at] kund [dot] se', '[e-post]'],
    ['pnr 19850101-1234', 'pnr [personnummer]'],
    ['Personnummer 850101+1234', 'Personnummer [personnummer]'],
    ['samordningsnummer 850161-1234', 'samordningsnummer [personnummer]'],
    ['se https://enkat.example/svar?id=4711&namn=anna här', 'se [länk] här'],
    ['läs mer på https://kommun.se/ledarskap', 'läs mer på https://kommun.se/ledarskap'],
    ['Betyg 10 av 10 under 2025, dag 2025-05-20', 'Betyg 10 av 10 under 2025, dag 2025-05-20'],
  ])('%s', (raw, scrubbed) => {
    expect(scrubComment(raw)).toBe(scrubbed);
  });

  it('trims, drops empty, sorts and keeps at most 12', () => {
    const many = Array.from({ length: 20 }, (_, i) => `Kommentar ${String(20 - i).padStart(2, '0')}`);
    const selected = selectComments([...many, '  ', undefined, '  Sist men inte minst ']);
    expect(selected).toHaveLength(12);
    expect(selected[0]).toBe('Kommentar 01');
    expect(selectComments(['  b ', 'a', '', undefined])).toEqual(['a', 'b']);
  });
});

describe('verdict', () => {
  const sure = 0.001;
  it('follows the interval, the Holm-adjusted p and g_av ≥ 0.5, in the good direction', () => {
    expect(verdictFor({ ci95: [0.2, 1], gav: 0.6, lowerIsBetter: false, pHolm: sure })).toBe('clear-improvement');
    expect(verdictFor({ ci95: [0.2, 1], gav: 0.3, lowerIsBetter: false, pHolm: sure })).toBe('improvement');
    expect(verdictFor({ ci95: [-0.2, 1], gav: 0.9, lowerIsBetter: false, pHolm: 0.3 })).toBe('no-certain-change');
    expect(verdictFor({ ci95: [-1, -0.2], gav: -0.3, lowerIsBetter: false, pHolm: sure })).toBe('decline');
    expect(verdictFor({ ci95: [-1, -0.2], gav: -0.7, lowerIsBetter: false, pHolm: sure })).toBe('clear-decline');
    expect(verdictFor({ ci95: [-1, -0.2], gav: -0.7, lowerIsBetter: true, pHolm: sure })).toBe('clear-improvement');
    expect(verdictFor({ ci95: [0.2, 1], gav: 0.2, lowerIsBetter: true, pHolm: sure })).toBe('decline');
    expect(verdictFor({ ci95: [1, 1], gav: undefined, lowerIsBetter: false, pHolm: 0 })).toBe('improvement');
  });

  it('calls a change that does not survive the adjustment for the number of tests only possible', () => {
    expect(verdictFor({ ci95: [0.2, 1], gav: 0.9, lowerIsBetter: false, pHolm: 0.05 })).toBe('possible-improvement');
    expect(verdictFor({ ci95: [-1, -0.2], gav: -0.9, lowerIsBetter: false, pHolm: 0.2 })).toBe('possible-decline');
  });

  it('never calls a change clear when g_av points the other way', () => {
    expect(verdictFor({ ci95: [0.2, 1], gav: -0.6, lowerIsBetter: false, pHolm: sure })).toBe('improvement');
  });
});

describe('Holm adjustment', () => {
  it('matches R p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });
  it('caps at 1', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
  });
});

describe('suppression thresholds', () => {
  it('never go below the absolute minimum of 3', () => {
    expect(effectiveThresholds({ minGroupSize: 1, minRaterGroupSize: 2 })).toEqual({ minGroupSize: 3, minRaterGroupSize: 3, minCommentGroupSize: 3 });
  });

  it('never let comments through on a smaller group than figures', () => {
    expect(effectiveThresholds({ minGroupSize: 5, minRaterGroupSize: 3, minCommentGroupSize: 3 }).minCommentGroupSize).toBe(5);
    expect(effectiveThresholds({ minGroupSize: 5, minRaterGroupSize: 3, minCommentGroupSize: 8 }).minCommentGroupSize).toBe(8);
  });

  it('hide the smallest shown programme when the hidden ones would otherwise be derivable by difference', () => {
    const groups = [
      { program: 'a', responses: 20 },
      { program: 'b', responses: 18 },
      { program: 'c', responses: 2 },
    ];
    expect([...programsToSuppress(groups, 5)].sort()).toEqual(['b', 'c']);
    expect([...programsToSuppress([...groups, { program: 'd', responses: 4 }], 5)].sort()).toEqual(['c', 'd']);
    expect([...programsToSuppress([{ program: 'a', responses: 20 }, { program: 'b', responses: 18 }], 5)]).toEqual([]);
  });
});

describe('comment selection', () => {
  it('shows a comment written by several people once', () => {
    expect(selectComments(['Bra dagar', 'Bra dagar', ' Bra dagar ', 'Tack'])).toEqual(['Bra dagar', 'Tack']);
  });
});
