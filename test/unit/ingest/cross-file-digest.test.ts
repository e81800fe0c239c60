import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileRecord, ReactionRow } from '../../../functions/core/model/index.ts';
import { packRowChunks, packRows } from '../../../functions/core/rows/chunks.ts';
import { fileIdOf } from '../../../functions/core/rows/fingerprint.ts';
import { DigestFilter, DigestIndex, hashRowKeys, RowKeyDigestBuilder } from '../../../functions/core/rows/row-keys.ts';
import { CrossFileGuard, rowsCountedElsewhere, type CountedRow } from '../../../functions/ingest/cross-file-duplicates.ts';
import type { IngestDeps } from '../../../functions/ingest/ingest-object.ts';
import { memoryStores } from '../../helpers/memory-stores.ts';

/**
 * The cross-file duplicate check reads the other files' row-key digests (a hash per row) instead of
 * their rows. These tests hold it to what it did when it read every row: the same rows refused, naming
 * the same other row, whether or not the other files have a digest, and whatever hash collisions the
 * digests hold. A collision is forced by writing a digest whose hash for some row is that of a new row
 * with another key: the check must confirm against the stored row and refuse nothing for it.
 */

const CLIENT = 'digest';
const YEAR = 2025;
const UPLOAD = { clientId: CLIENT, year: YEAR, fileName: 'ny.csv' };

const row = (respondent: string, program: string, date: string): ReactionRow => ({ respondent, program, date, satisfaction: 7, usefulness: 7, recommendation: 7 });
const keyOf = (r: ReactionRow) => `${r.respondent}\u0000${r.program}\u0000${r.date}`;

interface StoredFile {
  fileName: string;
  rows: ReactionRow[];
  /** Without a digest: written before digests were. */
  digest: boolean;
  /** Rows (by index) whose stored hash is replaced by the hash of this new-file row: a forced collision. */
  collisions: [row: number, newRow: number][];
}

/** Hash words of rows, as the ingest stores them. */
function hashesOf(rows: ReactionRow[]): Uint32Array {
  const builder = new RowKeyDigestBuilder('reaction');
  for (const chunk of packRows('reaction', rows)) builder.add(chunk);
  return builder.digest().hashes;
}

async function storeFiles(files: StoredFile[], newRows: ReactionRow[]) {
  const store = memoryStores();
  const newHashes = hashesOf(newRows);
  for (const file of files) {
    const fileId = fileIdOf(file.fileName);
    const digest = new RowKeyDigestBuilder('reaction');
    const chunks = packRows('reaction', file.rows);
    for (const chunk of chunks) digest.add(chunk);
    await store.rows.putRowChunks(CLIENT, YEAR, fileId, 'i1', chunks, file.digest ? () => {
      const d = digest.digest();
      for (const [r, j] of file.collisions) {
        d.hashes[2 * r] = newHashes[2 * j]!;
        d.hashes[2 * r + 1] = newHashes[2 * j + 1]!;
      }
      return d;
    } : undefined);
    const record: FileRecord = {
      fileName: file.fileName,
      dataset: 'reaction',
      sha256: file.fileName,
      ingestId: 'i1',
      fileId,
      rows: file.rows.length,
      chunks: chunks.length,
      uploadedAt: '2025-07-01T00:00:00Z',
      firstDate: null,
      lastDate: null,
      sequencer: '1',
    };
    await store.files.commitFile(CLIENT, YEAR, record);
  }
  return store;
}

/** The check as it was before digests: every other row's key in a map, files in sort-key (file id) order, the first row of a key kept. */
function reference(files: StoredFile[], newRows: ReactionRow[]): { total: number; found: { rowIndex: number; other: CountedRow }[] } {
  const counted = new Map<string, CountedRow>();
  for (const file of [...files].sort((a, b) => (fileIdOf(a.fileName) < fileIdOf(b.fileName) ? -1 : 1))) {
    file.rows.forEach((r, rowIndex) => {
      if (!counted.has(keyOf(r))) counted.set(keyOf(r), { fileName: file.fileName, rowIndex });
    });
  }
  const found: { rowIndex: number; other: CountedRow }[] = [];
  newRows.forEach((r, rowIndex) => {
    const other = counted.get(keyOf(r));
    if (other) found.push({ rowIndex, other });
  });
  return { total: found.length, found: found.slice(0, 10) };
}

/** `late`: the other files' digests arrive while the chunks are already going by (as ingest reads them). */
async function check(files: StoredFile[], newRows: ReactionRow[], late = false) {
  const store = await storeFiles(files, newRows);
  const deps = { store } as unknown as IngestDeps;
  const counted = late
    ? new Promise<Awaited<ReturnType<typeof rowsCountedElsewhere>>>((resolve) => setTimeout(() => resolve(rowsCountedElsewhere(deps, UPLOAD, 'reaction')), 1))
    : await rowsCountedElsewhere(deps, UPLOAD, 'reaction');
  const guard = new CrossFileGuard(deps, UPLOAD, counted, 'reaction');
  for await (const _chunk of guard.watch(packRowChunks('reaction', newRows))) {
    // The chunks would be written here.
  }
  return { guard, store };
}

const A = ['r1', 'p', '2025-05-14'] as const;

describe('the cross-file check on row-key digests', () => {
  it('refuses a row another file counts, naming that file and row, with and without a digest for that file', async () => {
    const stored = [row('r0', 'p', '2025-05-14'), row(...A), row('r2', 'p', '2025-05-14')];
    const newRows = [row('n1', 'p', '2025-05-14'), row(...A)];
    for (const digest of [true, false]) {
      const { guard } = await check([{ fileName: 'gammal.csv', rows: stored, digest, collisions: [] }], newRows);
      expect(guard.total).toBe(1);
      expect(guard.found).toEqual([{ rowIndex: 1, other: { fileName: 'gammal.csv', rowIndex: 1 } }]);
    }
  });

  it('checks every row when the other files\' digests arrive after the first chunks went by', async () => {
    const stored = Array.from({ length: 3000 }, (_, i) => row(`r${i}`, 'p', '2025-05-14'));
    const newRows = [...Array.from({ length: 2500 }, (_, i) => row(`n${i}`, 'p', '2025-05-14')), row('r7', 'p', '2025-05-14')];
    newRows.unshift(row('r2999', 'p', '2025-05-14'));
    const { guard } = await check([{ fileName: 'gammal.csv', rows: stored, digest: true, collisions: [] }], newRows, true);
    expect(guard.total).toBe(2);
    expect(guard.found).toEqual([
      { rowIndex: 0, other: { fileName: 'gammal.csv', rowIndex: 2999 } },
      { rowIndex: 2501, other: { fileName: 'gammal.csv', rowIndex: 7 } },
    ]);
  });

  it('refuses nothing for a hash collision (a digest match whose stored row has another key), and counts it', async () => {
    const stored = [row('r0', 'p', '2025-05-14'), row('r1', 'p', '2025-05-14')];
    const newRows = [row('n0', 'p', '2025-05-14'), row('n1', 'p', '2025-05-14')];
    const { guard } = await check([{ fileName: 'gammal.csv', rows: stored, digest: true, collisions: [[0, 1]] }], newRows);
    expect(guard.total).toBe(0);
    expect(guard.found).toEqual([]);
    expect(guard.collisions).toBe(1);
  });

  it('writes each ingest a digest of exactly its rows, which the store gives back', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(`r${i}`, 'p', '2025-05-14'));
    const { guard, store } = await check([{ fileName: 'gammal.csv', rows, digest: true, collisions: [] }], rows.slice(0, 5));
    const [digest] = await store.rows.readRowKeyDigests(CLIENT, YEAR);
    expect(digest?.digest.rows).toBe(3000);
    expect([...digest!.digest.hashes]).toEqual([...hashesOf(rows)]);
    expect([...guard.digest.digest().hashes]).toEqual([...hashesOf(rows.slice(0, 5))]);
  });

  it('refuses exactly the rows the row-by-row check refused, whatever collisions the digests hold (property)', async () => {
    const keyArb = fc.record({ respondent: fc.constantFrom('a', 'b', 'c', 'd', 'e'), program: fc.constantFrom('p', 'q'), date: fc.constantFrom('2025-05-14', '2025-06-01') });
    const rowsArb = fc.uniqueArray(keyArb, { selector: (k) => `${k.respondent}|${k.program}|${k.date}`, maxLength: 20 });
    const scenario = fc.record({
      stored: fc.array(fc.record({ rows: rowsArb, digest: fc.boolean(), collisionSeeds: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }) }), { minLength: 1, maxLength: 4 }),
      newRows: rowsArb,
      late: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stored, newRows: newKeys, late }) => {
        const newRows = newKeys.map((k) => row(k.respondent, k.program, k.date));
        const newKeySet = new Set(newRows.map(keyOf));
        const files: StoredFile[] = stored.map((s, i) => {
          const rows = s.rows.map((k) => row(k.respondent, k.program, k.date));
          // A collision stands in for a stored row's own hash, so only rows no new row shares a key with
          // can take one: a real digest always holds the hash of every stored row.
          const free = rows.flatMap((r, index) => (newKeySet.has(keyOf(r)) ? [] : [index]));
          const collisions: [number, number][] =
            free.length === 0 || newRows.length === 0 ? [] : s.collisionSeeds.map(([a, b]) => [free[a % free.length]!, b % newRows.length]);
          return { fileName: `fil-${i}.csv`, rows, digest: s.digest, collisions };
        });
        const { guard } = await check(files, newRows, late);
        const expected = reference(files, newRows);
        expect(guard.total).toBe(expected.total);
        expect(guard.found).toEqual(expected.found);
      }),
      { numRuns: 150 },
    );
  });
});

describe('DigestFilter', () => {
  it('holds every added hash and gives its rows, earliest added first, and nothing for a hash that differs in either word', () => {
    const filter = new DigestFilter(5);
    filter.add(Uint32Array.from([1, 2, 3, 4]));
    filter.add(Uint32Array.from([5, 6, 1, 2, 1, 9]));
    for (const [h1, h2] of [[1, 2], [3, 4], [5, 6], [1, 9]] as const) expect(filter.mayHold(h1, h2)).toBe(true);
    expect(filter.entriesOf(Uint32Array.from([1, 9, 1, 2, 1, 3, 2, 2, 1, 2]))).toEqual([
      [{ source: 1, row: 2 }],
      [{ source: 0, row: 0 }, { source: 1, row: 1 }],
      [],
      [],
      [{ source: 0, row: 0 }, { source: 1, row: 1 }],
    ]);
  });

  it('never misses an added hash among many (no false negatives)', () => {
    const words = new Uint32Array(2 * 50_000);
    let x = 12345;
    for (let i = 0; i < words.length; i++) words[i] = x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const filter = new DigestFilter(50_000);
    filter.add(words);
    let held = 0;
    for (let w = 0; w < words.length; w += 2) if (filter.mayHold(words[w]!, words[w + 1]!)) held++;
    expect(held).toBe(50_000);
  });
});

describe('DigestIndex', () => {
  it('gives every entry with equal 64 bits, earliest added first, and none for a hash that differs in either word', () => {
    const index = new DigestIndex(5);
    index.addAll(0, Uint32Array.from([1, 2, 3, 4]));
    index.addAll(1, Uint32Array.from([5, 6, 1, 2, 1, 9]));
    expect(index.lookup(1, 2)).toEqual([
      { source: 0, row: 0 },
      { source: 1, row: 1 },
    ]);
    expect(index.lookup(1, 9)).toEqual([{ source: 1, row: 2 }]);
    expect(index.lookup(1, 3)).toEqual([]);
    expect(index.lookup(2, 2)).toEqual([]);
  });

  it('says no entry may hold a first word only when none does: mayHold never hides an entry from lookup (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 63 }), { minLength: 2, maxLength: 200 }).map((words) => words.slice(0, words.length - (words.length % 2))),
        fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 64 }),
        (added, probes) => {
          // Small words: many share a slot, so probe chains run past the first slot and wrap around the table.
          const index = new DigestIndex(added.length / 2);
          index.addAll(0, Uint32Array.from(added));
          for (const h1 of probes) {
            const held = added.some((w, i) => i % 2 === 0 && w === h1);
            if (!index.mayHold(h1)) expect(held).toBe(false);
            if (held) expect(index.mayHold(h1)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hashes equal keys alike and tells fields apart by their separator', () => {
    const words = new Uint32Array(6);
    const columns = { respondent: ['ab', 'ab', 'a'], program: ['c', 'c', 'bc'], date: ['d', 'd', 'd'], satisfaction: [1, 1, 1], usefulness: [1, 1, 1], recommendation: [1, 1, 1], comment: [null, null, null] };
    hashRowKeys({ dataset: 'reaction', columns }, words, 0);
    expect([words[0], words[1]]).toEqual([words[2], words[3]]);
    expect([words[0], words[1]]).not.toEqual([words[4], words[5]]);
  });
});
