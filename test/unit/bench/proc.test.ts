/**
 * bench/lib/proc.ts: a process's PSS split into anonymous memory and the rest (file pages shared with other
 * processes). Linux only: /proc/<pid>/smaps_rollup.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pssKb, pssSplitKb } from '../../../bench/lib/proc.ts';

describe.runIf(existsSync(`/proc/${process.pid}/smaps_rollup`))('pssSplitKb', () => {
  it('reads this process: anonymous memory is part of PSS, and both are what pssKb reads', () => {
    const split = pssSplitKb(process.pid);
    expect(split.anon).toBeGreaterThan(0);
    expect(split.anon).toBeLessThan(split.pss);
    // Read twice a moment apart, PSS moves a little: the same order of magnitude, not the same number.
    expect(Math.abs(pssKb(process.pid) - split.pss)).toBeLessThan(split.pss / 2);
  });

  it('gives zeros for a process that is gone', () => {
    expect(pssSplitKb(2 ** 22 + 1)).toEqual({ pss: 0, anon: 0 });
  });
});
