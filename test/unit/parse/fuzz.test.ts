import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataFile, type ParseOutcome } from '../../../functions/core/parse/index.ts';
import { MAX_PROBLEMS_LISTED } from '../../../functions/core/model/index.ts';
import { builtInInstruments, FIXTURES } from './instruments.ts';

const instruments = builtInInstruments();
const NAMES = ['data.csv', 'data.xlsx', 'data.json', 'x.instrument.json', 'x.client.json', 'data.txt', 'data.bin'];
const goodFiles = readdirSync(join(FIXTURES, 'good')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, 'good', name))) }));
/** Small limits keep each run fast while still reaching every limit check. */
const limits = { maxBytes: 64 * 1024, maxRows: 200, maxUncompressedBytes: 4 * 1024 * 1024 };

function assertStructured(outcome: ParseOutcome): void {
  if (outcome.ok) {
    expect(['reaction', 'assessment', 'instrument', 'client']).toContain(outcome.kind);
    return;
  }
  expect(outcome.totalProblems).toBeGreaterThanOrEqual(outcome.problems.length);
  expect(outcome.problems.length).toBeGreaterThan(0);
  expect(outcome.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_LISTED);
  for (const p of outcome.problems) {
    expect(typeof p.rule).toBe('string');
    expect(p.message.length).toBeGreaterThan(10);
  }
}

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }) }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip' && out.length > 0) out[at] = m.value;
    if (m.kind === 'truncate') out = out.slice(0, at);
    if (m.kind === 'insert') out = new Uint8Array([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
    if (m.kind === 'delete') out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + m.length)]);
  }
  return out;
}

describe('parseDataFile never throws', () => {
  it('answers random bytes under any file name with rows or a structured rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), fc.uint8Array({ maxLength: 2048 }), async (fileName, bytes) => {
        assertStructured(await parseDataFile({ fileName, bytes, instruments, limits }));
      }),
      { numRuns: 200 },
    );
  });

  it('answers mutated good files (CSV, XLSX, JSON) with rows or a structured rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...goodFiles), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (file, mutations) => {
        assertStructured(await parseDataFile({ fileName: file.name, bytes: mutate(file.bytes, mutations), instruments, limits }));
      }),
      { numRuns: 200 },
    );
  });

  it('answers random text that looks like CSV', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', '""', ';', ',', '\r\n', '\n', 'före', '7,5', '=1+1', '2025-05-14'));
    const text = fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 12 }).map((rows) =>
      ['respondent;program;date;satisfaction;usefulness;recommendation;comment', ...rows.map((r) => r.join(';'))].join('\n'),
    );
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        assertStructured(await parseDataFile({ fileName: 'r.csv', bytes: new TextEncoder().encode(csv), instruments, limits }));
      }),
      { numRuns: 200 },
    );
  });
});
