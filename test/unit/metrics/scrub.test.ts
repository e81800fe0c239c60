/** Comments never carry personal data into a report: generated identity numbers, phone numbers and e-mail addresses in many spellings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRUB_MARKERS, scrubComment } from '../../../functions/core/metrics/comments.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const separator = fc.constantFrom(' ', '-', '\u2011', '\u2013', '\u00a0', '');
const filler = fc.constantFrom(['Ring mig på ', ' om ni undrar.'], ['Mitt nummer: ', ''], ['', ' (kvällstid)'], ['Kontakt ', ', tack!']);

const identityNumber = fc
  .record({ century: fc.constantFrom('', '19', '20'), yy: two(0, 99), mm: two(1, 12), dd: fc.oneof(two(1, 28), two(61, 88)), sep: fc.constantFrom('-', '+', '', ' '), last: digits(4) })
  .map(({ century, yy, mm, dd, sep, last }) => `${century}${yy}${mm}${dd}${sep}${last}`);

const phoneNumber = fc
  .record({
    prefix: fc.constantFrom('0', '+46 ', '+46 (0)', '0046 '),
    area: fc.constantFrom('8', '70', '73', '31', '40', '13'),
    groups: fc.array(digits(2), { minLength: 3, maxLength: 4 }),
    sep: separator,
    areaSep: separator,
  })
  .map(({ prefix, area, groups, sep, areaSep }) => `${prefix}${area}${areaSep}${groups.join(sep)}`);

const email = fc
  .record({
    local: fc.constantFrom('anna', 'anna.svensson', 'Åsa.Öberg', 'per_l'),
    at: fc.constantFrom('@', '(at)', ' (at) ', '[at]', ' [at] ', '{at}'),
    domain: fc.constantFrom('kund', 'kommun', 'example'),
    dot: fc.constantFrom('.', '(dot)', ' [dot] ', '.'),
    tld: fc.constantFrom('se', 'example', 'com'),
  })
  .map(({ local, at, domain, dot, tld }) => `${local}${at}${domain}${dot}${tld}`);

const noDigitRun = (text: string) => !/\d[\d\s\u00a0\u2011\u2013+()-]{5,}\d/.test(text);

describe('comment scrubbing (properties)', () => {
  it('removes personal identity and coordination numbers in every spelling', () => {
    fc.assert(
      fc.property(identityNumber, filler, (number, [before, after]) => {
        const scrubbed = scrubComment(`${before}${number}${after}`);
        expect(scrubbed).not.toContain(number.trim());
        expect(noDigitRun(scrubbed)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('removes Swedish and international phone numbers with any dashes, spaces and parentheses', () => {
    fc.assert(
      fc.property(phoneNumber, filler, (number, [before, after]) => {
        const scrubbed = scrubComment(`${before}${number}${after}`);
        // Ten digits without separators can be a phone number or an identity number: either way it is gone.
        expect(scrubbed.includes(SCRUB_MARKERS.sv.phone) || scrubbed.includes(SCRUB_MARKERS.sv.identityNumber)).toBe(true);
        expect(noDigitRun(scrubbed)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('removes e-mail addresses, also spelled with (at) and [dot]', () => {
    fc.assert(
      fc.property(email, filler, (address, [before, after]) => {
        const scrubbed = scrubComment(`${before}${address}${after}`, 'en');
        expect(scrubbed).toContain(SCRUB_MARKERS.en.email);
        expect(scrubbed).not.toMatch(/@|\(at\)|\[at\]|\{at\}/);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary figures alone: scores, years, dates and counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1990, max: 2030 }), (score, year) => {
        const text = `Betyg ${score} av 10 under ${year}, dag ${year}-05-20, 12 deltagare.`;
        expect(scrubComment(text)).toBe(text);
      }),
    );
  });
});
