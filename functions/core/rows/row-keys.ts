import type { AssessmentColumns, Dataset, ReactionColumns } from '../model/index.ts';

/**
 * Row keys and their digests, for the cross-file duplicate check (issue 23). A row's key is what makes
 * two rows one: the parser's duplicate-response key (respondent, programme, date) or duplicate-score key
 * (respondent, leader, programme, instrument, wave, rater group, item or dimension), ids pseudonymised.
 *
 * Each ingest stores a digest of its rows' keys: a 64-bit hash per row, in row order. The check reads
 * the other files' digests (8 bytes a row) instead of their rows, and looks each new row's hash up
 * among them. A hash match is a candidate, never a verdict: the check then compares the exact keys of
 * the two rows, read from the stored rows, so a collision costs one extra read and can neither refuse
 * a row nor let one through.
 */

/** Columns as a chunk holds them, with its dataset. */
export type ChunkColumns = { dataset: 'reaction'; columns: ReactionColumns } | { dataset: 'assessment'; columns: AssessmentColumns };

const SEPARATOR = 0;

/**
 * Two 32-bit hashes of the key's fields, separated by U+0000 (which no field holds: control characters
 * are refused on reading), as cyrb53 mixes them, but both words kept: 64 bits. Not cryptographic, and it
 * need not be: a collision is caught when the exact keys are compared.
 */
class KeyHash {
  h1 = 0;
  h2 = 0;

  start(): void {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
  }

  field(text: string, first = false): void {
    let h1 = this.h1;
    let h2 = this.h2;
    if (!first) {
      h1 = Math.imul(h1 ^ SEPARATOR, 2654435761);
      h2 = Math.imul(h2 ^ SEPARATOR, 1597334677);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  finish(into: Uint32Array, at: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    into[at] = h1 >>> 0;
    into[at + 1] = h2 >>> 0;
  }
}

/** The exact key of row `i` of a chunk's columns (what two rows must share to be one). */
export function rowKeyAt(chunk: ChunkColumns, i: number): string {
  if (chunk.dataset === 'reaction') {
    const c = chunk.columns;
    return `${c.respondent[i]}\u0000${c.program[i]}\u0000${c.date[i]}`;
  }
  const c = chunk.columns;
  return [c.respondent[i], c.leader[i] ?? c.respondent[i], c.program[i], c.instrument[i], c.wave[i], c.rater[i], c.item?.[i] ?? c.dimension[i]].join('\u0000');
}

/** Every row's key of a chunk, in row order. */
export function rowKeysOf(chunk: ChunkColumns): string[] {
  const n = chunk.columns.respondent.length;
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) keys[i] = rowKeyAt(chunk, i);
  return keys;
}

const hasher = new KeyHash();

/** The hash of each row's key, two words a row, written into `into` from word `at` on. Equal keys give equal hashes. */
export function hashRowKeys(chunk: ChunkColumns, into: Uint32Array, at: number): void {
  const n = chunk.columns.respondent.length;
  if (chunk.dataset === 'reaction') {
    const { respondent, program, date } = chunk.columns;
    for (let i = 0; i < n; i++) {
      hasher.start();
      hasher.field(respondent[i]!, true);
      hasher.field(program[i]!);
      hasher.field(date[i]!);
      hasher.finish(into, at + 2 * i);
    }
    return;
  }
  const { respondent, leader, program, instrument, wave, rater, item, dimension } = chunk.columns;
  for (let i = 0; i < n; i++) {
    hasher.start();
    hasher.field(respondent[i]!, true);
    hasher.field(leader[i] ?? respondent[i]!);
    hasher.field(program[i]!);
    hasher.field(instrument[i]!);
    hasher.field(wave[i]!);
    hasher.field(rater[i]!);
    hasher.field(item?.[i] ?? dimension[i]!);
    hasher.finish(into, at + 2 * i);
  }
}

/** One ingest's row-key digest: two 32-bit words per row, in row order. */
export interface RowKeyDigest {
  dataset: Dataset;
  rows: number;
  /** Length 2 × rows. */
  hashes: Uint32Array;
}

/** Collects the digest of an ingest's rows as its chunks go by. */
export class RowKeyDigestBuilder {
  private hashes = new Uint32Array(2 * 1024);
  rows = 0;

  constructor(readonly dataset: Dataset) {}

  /** Hashes the chunk's rows; returns the word offset of its first row (row index × 2). */
  add(chunk: ChunkColumns): number {
    const n = chunk.columns.respondent.length;
    const at = 2 * this.rows;
    if (at + 2 * n > this.hashes.length) {
      const grown = new Uint32Array(Math.max(2 * (at + 2 * n), this.hashes.length * 2));
      grown.set(this.hashes.subarray(0, at));
      this.hashes = grown;
    }
    hashRowKeys(chunk, this.hashes, at);
    this.rows += n;
    return at;
  }

  /** The hash words of the rows added so far (a view: read it before adding more). */
  get words(): Uint32Array {
    return this.hashes.subarray(0, 2 * this.rows);
  }

  digest(): RowKeyDigest {
    return { dataset: this.dataset, rows: this.rows, hashes: this.hashes.slice(0, 2 * this.rows) };
  }
}

/**
 * Rows by their 64-bit key hash: an open-addressing table over digest words. `lookup` gives every entry
 * whose 64 bits equal the probe, in the order they were added. The check keeps the new file's candidate
 * rows in one (DigestFilter.entriesOf), not every row of the other files.
 */
export class DigestIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Entry e's hash words at 2e, 2e + 1. */
  private readonly words: Uint32Array;
  /** Entry e's source and row within it. */
  private readonly source: Int32Array;
  private readonly row: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.slots = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
    this.words = new Uint32Array(2 * capacity);
    this.source = new Int32Array(capacity);
    this.row = new Int32Array(capacity);
  }

  /** Adds every row of a digest (its words), as rows of `source`. */
  addAll(source: number, hashes: Uint32Array): void {
    const { slots, mask, words } = this;
    for (let r = 0; r < hashes.length / 2; r++) {
      const h1 = hashes[2 * r]!;
      const h2 = hashes[2 * r + 1]!;
      const e = this.size++;
      words[2 * e] = h1;
      words[2 * e + 1] = h2;
      this.source[e] = source;
      this.row[e] = r;
      let s = h1 & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = e;
    }
  }

  /** False when no entry's first word is h1 (its first slot is empty); true when one may be. */
  mayHold(h1: number): boolean {
    return this.slots[h1 & this.mask] !== -1;
  }

  /** Entries whose hash is (h1, h2), earliest added first; empty (and shared) when none. */
  lookup(h1: number, h2: number): { source: number; row: number }[] {
    const { slots, mask, words } = this;
    let s = h1 & mask;
    let entries: number[] | undefined;
    for (let e = slots[s]!; e !== -1; s = (s + 1) & mask, e = slots[s]!) {
      if (words[2 * e] === h1 && words[2 * e + 1] === h2) (entries ??= []).push(e);
    }
    if (entries === undefined) return NONE;
    return entries.sort((a, b) => a - b).map((e) => ({ source: this.source[e]!, row: this.row[e]! }));
  }
}

const NONE: { source: number; row: number }[] = [];

/**
 * Bits per row of the other files in DigestFilter: with two bits set per row, about 1.4 % of new rows
 * pass the filter by chance (and are then looked up exactly), for 2 bytes per other row.
 */
const FILTER_BITS_PER_ROW = 16;

/**
 * The other files' rows as a Bloom filter over their 64-bit key hashes (one bit from each word), and
 * their digests as read. Building it touches a table of 2 bytes per row, where a DigestIndex of every
 * other row (24 bytes and an open-addressing insert each) cost more than the rest of the check as a
 * client-year grew. New rows that pass the filter (every real match, and a few by chance) are looked
 * up exactly by `entriesOf`, in one pass over the digests with the few candidates in a DigestIndex.
 */
export class DigestFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;
  private readonly sources: Uint32Array[] = [];

  constructor(rows: number) {
    let bits = 1024;
    while (bits < rows * FILTER_BITS_PER_ROW) bits *= 2;
    this.bits = new Int32Array(bits >>> 5);
    this.mask = bits - 1;
  }

  /** Adds a digest's words as the next source (sources are numbered in the order added). */
  add(hashes: Uint32Array): void {
    this.sources.push(hashes);
    const { bits, mask } = this;
    for (let w = 0; w < hashes.length; w += 2) {
      const a = hashes[w]! & mask;
      const b = hashes[w + 1]! & mask;
      bits[a >>> 5]! |= 1 << (a & 31);
      bits[b >>> 5]! |= 1 << (b & 31);
    }
  }

  /** False when no added row has this hash; true when one may have. */
  mayHold(h1: number, h2: number): boolean {
    const { bits, mask } = this;
    const a = h1 & mask;
    const b = h2 & mask;
    return (bits[a >>> 5]! & (1 << (a & 31))) !== 0 && (bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  /** For each probe (words 2p, 2p + 1), every added row whose 64 bits equal it, earliest added first. */
  entriesOf(probes: Uint32Array): { source: number; row: number }[][] {
    const found = Array.from({ length: probes.length / 2 }, (): { source: number; row: number }[] => []);
    if (found.length === 0) return found;
    const wanted = new DigestIndex(found.length);
    wanted.addAll(0, probes);
    this.sources.forEach((hashes, source) => {
      for (let w = 0; w < hashes.length; w += 2) {
        // Almost every other row misses the few candidates at its first slot: tested inline, no call and no iteration.
        if (!wanted.mayHold(hashes[w]!)) continue;
        for (const probe of wanted.lookup(hashes[w]!, hashes[w + 1]!)) found[probe.row]!.push({ source, row: w / 2 });
      }
    });
    return found;
  }
}
