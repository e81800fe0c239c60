import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../functions/aws/base64.ts';

/** What the SDK's default decoder accepts (@smithy/core's fromBase64): the length, then this pattern. */
const SDK_ACCEPTS = /^[A-Za-z0-9+/]*={0,2}$/;

describe('decodeBase64 (the DynamoDB client’s base64 decoder)', () => {
  it('decodes what Buffer encoded, any bytes and length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the strings the SDK’s decoder refuses, and otherwise decodes as it does', () => {
    // Mostly the alphabet, with padding, white space, URL-safe and other characters mixed in anywhere.
    const char = fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') },
      { weight: 2, arbitrary: fc.constant('=') },
      { weight: 1, arbitrary: fc.constantFrom('-', '_', ' ', '\n', '.', '@', 'é', '\u0000') },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const sdkAccepts = text.length % 4 === 0 && SDK_ACCEPTS.test(text);
        if (!sdkAccepts) {
          expect(() => decodeBase64(text)).toThrow(TypeError);
          return;
        }
        // A string the SDK reads may still hold padding that leaves bits over ("QR=="): both read it as Node does.
        expect(decodeBase64(text)).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses padding in the middle and the URL-safe alphabet', () => {
    for (const text of ['QQ==QQ==', 'QUJD=EVG', 'QUJD RVY=', 'a-b_', 'QUJ', '====']) expect(() => decodeBase64(text)).toThrow(TypeError);
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });
});
