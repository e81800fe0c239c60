import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import decompress from '../../../functions/render/brotli-decompress.ts';

// The render bundle swaps the brotli package's decoder for this one (infra/bundling.ts): it must give
// fontkit the same bytes and fail the same way.
const packageDecompress = createRequire(import.meta.url)('brotli/decompress.js') as (buffer: Uint8Array, outputSize?: number) => Uint8Array;

describe('native Brotli decoder for fontkit', () => {
  it.each([
    ['text', Buffer.from('Roboto glyf loca hmtx åäö '.repeat(500))],
    ['random bytes', randomBytes(70_000)],
    ['empty', Buffer.alloc(0)],
  ])('decodes %s exactly as the brotli package does', (_name, original) => {
    const compressed = brotliCompressSync(original);
    const ours = decompress(compressed, original.length);
    expect(Buffer.from(ours).equals(original)).toBe(true);
    expect(Buffer.from(ours).equals(Buffer.from(packageDecompress(compressed, original.length)))).toBe(true);
  });

  it('throws on data that is not Brotli, as the package does', () => {
    const garbage = Buffer.from('this is not brotli data at all');
    expect(() => packageDecompress(garbage)).toThrow();
    expect(() => decompress(garbage)).toThrow();
  });
});
