import { createHash } from 'node:crypto';

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Stable id for a file name inside a client-year (keys stay short and free of odd characters). */
export const fileIdOf = (fileName: string): string => sha256Hex(fileName.normalize('NFC')).slice(0, 16);

/** Zero-pads an S3 event sequencer so that string order is arrival order (as AWS documents). */
export const padSequencer = (sequencer: string | number | undefined): string =>
  String(sequencer ?? '0').padStart(32, '0');

/** Deterministic JSON: keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
