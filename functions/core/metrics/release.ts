/**
 * Differencing between report versions. Version 1 with n = 5 and version 2 with one late respondent
 * (n = 6) would give that person's exact ratings as 6·v2 − 5·v1. Two versions of one group can only
 * reveal the sum of the people added minus the people removed, and at least |n₂ − n₁| people stand
 * behind that difference. So a group is printed only when, against every earlier printed state of the
 * same group, its membership is identical or its size differs by at least the minimum group size.
 * Otherwise it is suppressed in this version and says why; it is printed again once enough people
 * have joined (or left).
 *
 * Each document keeps, per group, the states it was printed in: the number of people and a digest of
 * who they were (a hash of their pseudonyms, which are already keyed hashes). The people themselves
 * are never stored in the document.
 */
import type { ReleaseHistory, ReleaseState } from '../model/index.ts';
import { sha256Hex } from '../rows/fingerprint.ts';
import { compareText } from './order.ts';

export interface Membership {
  /** Stable key of the printed group (e.g. the reaction group of one programme). */
  key: string;
  /** Pseudonyms of the people behind the group's figures. */
  members: Iterable<string>;
}

export function releaseStateOf(members: Iterable<string>): ReleaseState {
  const sorted = [...new Set(members)].sort(compareText);
  return { n: sorted.length, digest: sha256Hex(sorted.join('\n')).slice(0, 16) };
}

/**
 * Each group's state, worked out once per membership object: the check before printing and the history
 * after it ask for the same groups, and sorting a large group's pseudonyms is most of a large year's compute.
 */
const stateOfGroup = new WeakMap<Membership, ReleaseState>();

function groupState(group: Membership): ReleaseState {
  let state = stateOfGroup.get(group);
  if (state === undefined) {
    state = releaseStateOf(group.members);
    stateOfGroup.set(group, state);
  }
  return state;
}

/** Keys of the groups that may not be printed in this version, however large they are. */
export function blockedByEarlierVersions(groups: readonly Membership[], history: ReleaseHistory, minGroupSize: number): Set<string> {
  const blocked = new Set<string>();
  for (const group of groups) {
    const current = groupState(group);
    const earlier = Object.hasOwn(history, group.key) ? (history[group.key] ?? []) : [];
    if (earlier.some((state) => state.digest !== current.digest && Math.abs(state.n - current.n) < minGroupSize)) blocked.add(group.key);
  }
  return blocked;
}

/** The history after this version: each printed group's state is added (once); every earlier state is kept. */
export function nextHistory(history: ReleaseHistory, printed: readonly Membership[]): ReleaseHistory {
  const next = new Map<string, ReleaseState[]>();
  for (const key of Object.keys(history)) next.set(key, [...(history[key] ?? [])]);
  for (const group of printed) {
    const state = groupState(group);
    const states = next.get(group.key) ?? [];
    if (!states.some((s) => s.digest === state.digest)) states.push(state);
    next.set(group.key, states);
  }
  return Object.fromEntries([...next.entries()].sort(([a], [b]) => compareText(a, b)));
}
