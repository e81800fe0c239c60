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
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;
  private readonly keys: string[] = [];
  private readonly values: number[] = [];
  private readonly hashes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The value stored for `key`; or, when there is none, stores `value` for it and returns undefined. */
  getOrAdd(key: string, value: number): number | undefined {
    const h = hashOf(key);
    const { slots, mask, keys } = this;
    let s = h & mask;
    for (let e = slots[s]!; e !== -1; s = (s + 1) & mask, e = slots[s]!) {
      if (this.hashes[e] === h && keys[e] === key) return this.values[e];
    }
    const entry = keys.length;
    keys.push(key);
    this.values.push(value);
    this.hashes.push(h);
    slots[s] = entry;
    if (keys.length * 2 > slots.length) this.grow();
    return undefined;
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
