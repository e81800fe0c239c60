import { randomBytes } from 'node:crypto';

/**
 * A map from strings to small integers for the per-row lookups of a large file (first response per
 * respondent), where every key is a fresh string: a Map of 100k fresh strings cost several times what
 * this open-addressing table does (docs/benchmarks.md). Keys are hashed with a seed drawn once per
 * process, so a file cannot be made of ids that all land on one slot.
 */
const SEED = randomBytes(4).readUInt32LE(0);

function hashOf(text: string): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // Final mix, so that the low bits (the slot) depend on every character.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class StringIndex {
  private slots: Int32Array;
  private mask: number;
  private readonly keys: string[] = [];
  /** Entry e's value and hash. Typed arrays: a hash above 2^30 is no small integer, and a plain array held each one as a boxed number. */
  private values: Int32Array;
  private hashes: Uint32Array;

  /** `expected`: about how many keys will be added (the rows of a file), so that the table need not grow on the way. */
  constructor(expected = 512) {
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.slots = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
    this.values = new Int32Array(slots >>> 1);
    this.hashes = new Uint32Array(slots >>> 1);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The value stored for `key` (a 32-bit integer); or, when there is none, stores `value` for it and returns undefined. */
  getOrAdd(key: string, value: number): number | undefined {
    const h = hashOf(key);
    const { slots, mask, keys, hashes } = this;
    let s = h & mask;
    for (let e = slots[s]!; e !== -1; s = (s + 1) & mask, e = slots[s]!) {
      if (hashes[e] === h && keys[e] === key) return this.values[e];
    }
    const entry = keys.length;
    if (entry === hashes.length) this.growEntries();
    keys.push(key);
    this.values[entry] = value;
    this.hashes[entry] = h;
    slots[s] = entry;
    if (keys.length * 2 > slots.length) this.grow();
    return undefined;
  }

  private growEntries(): void {
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    const hashes = new Uint32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.keys.length; e++) {
      let s = this.hashes[e]! & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
