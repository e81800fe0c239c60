import { brotliDecompressSync } from 'node:zlib';

/**
 * Stands in for the `brotli` package's `decompress.js` in the render bundle (esbuild alias, see
 * infra/bundling.ts). fontkit needs Brotli only to open WOFF2 fonts; Node's zlib has a native decoder,
 * so the bundle does without the package's JavaScript decoder, a large share of the bundle (docs/benchmarks.md).
 * Same contract: the decompressed bytes; invalid data throws, as the package does.
 */
export default function decompress(buffer: Uint8Array, _outputSize?: number): Uint8Array {
  return new Uint8Array(brotliDecompressSync(buffer));
}
