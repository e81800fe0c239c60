import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pseudonym, pseudonymiser } from '../../../functions/core/rows/pseudonymise.ts';

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
});
