import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePersonId } from '../../../functions/core/model/person-id.ts';
import { joinedPseudonyms, pseudonym, pseudonymiser } from '../../../functions/core/rows/pseudonymise.ts';

const key = randomBytes(32);

describe('pseudonyms', () => {
  it('are the keyed HMAC-SHA-256 of client and normalised id, 128 bits in base64url', () => {
    const expected = createHmac('sha256', key).update('sodertalje\u0000åsa.öberg@example.se').digest('base64url').slice(0, 22);
    expect(pseudonym(key, 'sodertalje', '  Åsa.Öberg@Example.se ')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('match across files and differ across clients and keys', () => {
    expect(pseudonym(key, 'a', 'L01')).toBe(pseudonym(key, 'a', 'l01'));
    expect(pseudonym(key, 'a', 'L01')).not.toBe(pseudonym(key, 'b', 'L01'));
    expect(pseudonym(key, 'a', 'L01')).not.toBe(pseudonym(randomBytes(32), 'a', 'L01'));
  });

  it('are the same whether computed one by one or for a whole file', () => {
    const ids = ['L01', 'L01', 'L02', 'L01', 'anna@x.se', 'anna@x.se'];
    const forFile = pseudonymiser(key, 'c');
    expect(ids.map(forFile)).toEqual(ids.map((id) => pseudonym(key, 'c', id)));
  });

  it('made by the per-file pseudonymiser equal createHmac for any key, client and ids', () => {
    // The pseudonymiser composes HMAC from one-shot SHA-256 calls; createHmac is the reference. Keys
    // shorter than, equal to and longer than SHA-256's 64-byte block; ids of any Unicode, long ones too
    // (the reused message buffer grows), and repeats (the previous-id shortcut).
    const reference = (k: Uint8Array, clientId: string, id: string) =>
      createHmac('sha256', k).update(`${clientId}\u0000${normalisePersonId(id)}`).digest('base64url').slice(0, 22);
    const anyId = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 400 }), fc.stringMatching(/^[A-Za-z0-9.@_-]{1,12}$/));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 150 }),
        fc.oneof(fc.constant('sodertalje'), fc.string({ unit: 'grapheme', maxLength: 40 })),
        fc.array(anyId, { maxLength: 30 }),
        (k, clientId, ids) => {
          const withRepeats = ids.flatMap((id, i) => (i % 3 === 0 ? [id, id] : [id]));
          const expected = withRepeats.map((id) => reference(k, clientId, id));
          const forFile = pseudonymiser(k, clientId);
          expect(withRepeats.map(forFile)).toEqual(expected);
          expect(joinedPseudonyms(k, clientId, withRepeats)).toBe(expected.join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equal createHmac at block-sized keys and ids past the message buffer', () => {
    for (const length of [0, 1, 32, 63, 64, 65, 128]) {
      const k = randomBytes(length);
      for (const id of ['L01', 'x'.repeat(255), 'ö'.repeat(300), '😀'.repeat(500)]) {
        const expected = createHmac('sha256', k).update(`c\u0000${normalisePersonId(id)}`).digest('base64url').slice(0, 22);
        expect(pseudonymiser(k, 'c')(id)).toBe(expected);
      }
      // One file's ids through one pseudonymiser: short ids again after its buffer has grown for long ones.
      const ids = ['L01', 'L02', 'x'.repeat(300), 'L03', 'ö'.repeat(400), 'L04', 'x'.repeat(300), 'Å'];
      const reference = ids.map((id) => createHmac('sha256', k).update(`c\u0000${normalisePersonId(id)}`).digest('base64url').slice(0, 22));
      expect(ids.map(pseudonymiser(k, 'c'))).toEqual(reference);
    }
  });
});
