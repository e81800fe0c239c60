/**
 * bench/lib/profile-functions.ts: a CPU profile by function. Self time goes to the sampled leaf, total time to
 * every function on the stack, once per sample even when the function recurses; idle samples count nowhere.
 */
import { describe, expect, it } from 'vitest';
import { functionRows, functionTable } from '../../../bench/lib/profile-functions.ts';
import type { CpuProfile } from '../../../bench/lib/profile-summary.ts';

const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0, columnNumber: 0 });

// root → a → b → a (recursion), root → c, root → (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('a'), children: [3] },
    { id: 3, callFrame: frame('b'), children: [4] },
    { id: 4, callFrame: frame('a') },
    { id: 5, callFrame: frame('c') },
    { id: 6, callFrame: frame('(idle)') },
  ],
  startTime: 0,
  endTime: 7000,
  samples: [4, 4, 3, 2, 5, 6, 6],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('a CPU profile by function', () => {
  it('gives self time to the leaf and total time to each function on the stack once', () => {
    const { rows, totalMs } = functionRows(profile);
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(totalMs).toBe(5);
    expect(row('a')).toEqual({ key: 'a', selfMs: 3, totalMs: 4 });
    expect(row('b')).toEqual({ key: 'b', selfMs: 1, totalMs: 3 });
    expect(row('c')).toEqual({ key: 'c', selfMs: 1, totalMs: 1 });
    expect(row('(root)')).toEqual({ key: '(root)', selfMs: 0, totalMs: 5 });
    expect(row('(idle)')).toBeUndefined();
  });

  it('lists the top functions per render, largest self time first', () => {
    const lines = functionTable(profile, 1, 2).split('\n');
    expect(lines[2]).toContain('| 1 | a | 3 | 4 |');
    expect(lines).toHaveLength(5);
  });
});
