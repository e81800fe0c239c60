/**
 * The DynamoDB client's base64 decoder (the SDK's `base64Decoder` setting): binary attributes (row chunks,
 * row-key digests) arrive base64-encoded in the JSON. The SDK's default tests each whole string against a
 * regular expression before decoding it, which costs several times the decoding itself on the digests
 * ingest reads (docs/benchmarks.md). This refuses exactly the strings that default refuses: a length not a
 * multiple of four, or a character outside the standard alphabet, or `=` anywhere but the last two places.
 * Node's decoder skips what it cannot read, so such a string decodes short, and the length check catches
 * it; the URL-safe alphabet (`-`, `_`), which Node would read, is refused by name.
 */
export function decodeBase64(input: string): Uint8Array {
  if (input.length % 4 !== 0) throw new TypeError('Incorrect padding on base64 string.');
  const bytes = Buffer.from(input, 'base64');
  const padding = input.endsWith('==') ? 2 : input.endsWith('=') ? 1 : 0;
  if (bytes.byteLength !== (input.length / 4) * 3 - padding || input.includes('-') || input.includes('_')) throw new TypeError('Invalid base64 string.');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
