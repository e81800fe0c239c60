import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePersonId } from '../../../functions/core/model/person-id.ts';
import { pseudonym } from '../../../functions/core/rows/pseudonymise.ts';

const key = randomBytes(32);

/** Zero-width and other format characters a copy from Word, Teams or a web form may carry. */
const FORMAT_CHARACTERS = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202e'];
/** White space other than a plain space that an id may be padded or split with. */
const SPACES = [' ', '  ', '\u00a0', '\u202f', '\t', '\u3000'];

/** Ids as consultants' clients write them: letters (Swedish ones too), digits, a few separators, single inner spaces. */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789-._@'.split('');
const word = fc.array(fc.constantFrom(...ID_CHARS), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
const id = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));

/** One character of `id` as it may be mangled: another case, fullwidth, decomposed (NFD). */
const mangle = fc.constantFrom('upper', 'lower', 'fullwidth', 'nfd', 'same');
function mangled(ch: string, how: string): string {
  if (how === 'upper') return ch.toUpperCase();
  if (how === 'lower') return ch.toLowerCase();
  if (how === 'nfd') return ch.normalize('NFD');
  const code = ch.charCodeAt(0);
  if (how === 'fullwidth' && code > 0x20 && code < 0x7f) return String.fromCharCode(code + 0xfee0);
  return ch;
}

/** `base` written another way: each character mangled, format characters and extra white space inserted. */
const variantOf = (base: string) =>
  fc
    .tuple(
      fc.array(mangle, { minLength: base.length, maxLength: base.length }),
      fc.array(fc.option(fc.constantFrom(...FORMAT_CHARACTERS), { freq: 2 }), { minLength: base.length + 1, maxLength: base.length + 1 }),
      fc.constantFrom(...SPACES),
      fc.constantFrom(...SPACES),
      fc.constantFrom(...SPACES),
    )
    .map(([hows, inserted, lead, trail, inner]) => {
      let out = lead;
      for (let i = 0; i < base.length; i++) {
        out += inserted[i] ?? '';
        out += base[i] === ' ' ? inner : mangled(base[i]!, hows[i]!);
      }
      return out + (inserted[base.length] ?? '') + trail;
    });

describe('person ids: one person, one identity', () => {
  it('normalise every spelling of one id alike: case, fullwidth forms, decomposed letters, format characters, extra white space', () => {
    fc.assert(
      fc.property(
        id.chain((base) => fc.tuple(fc.constant(base), variantOf(base))),
        ([base, variant]) => {
          expect(normalisePersonId(variant)).toBe(normalisePersonId(base));
          expect(pseudonym(key, 'kommunen', variant)).toBe(pseudonym(key, 'kommunen', base));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('are idempotent, and keep different ids apart', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        const once = normalisePersonId(text);
        expect(normalisePersonId(once)).toBe(once);
      }),
    );
    expect(normalisePersonId('L01')).not.toBe(normalisePersonId('L02'));
    expect(normalisePersonId('anna svensson')).not.toBe(normalisePersonId('annasvensson'));
  });

  it('give the written examples of issue 23 one pseudonym', () => {
    const one = pseudonym(key, 'kommunen', 'L01');
    for (const spelling of ['l01', 'L\u200b01', 'L01\u2060', '\ufeffL01', 'Ｌ０１', ' L01\u00a0']) {
      expect(normalisePersonId(spelling)).toBe('l01');
      expect(pseudonym(key, 'kommunen', spelling)).toBe(one);
    }
    expect(normalisePersonId('  Anna \u200b  Svensson ')).toBe('anna svensson');
  });
});
