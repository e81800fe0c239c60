/**
 * Issue 23: no person is derivable across the versions the client received. With review before send a
 * version reaches the client only once approved, so "sent" means approved: whatever the drafts in between
 * (approved or not, emptied by deleting every file, regenerated), two approved versions never print a
 * group whose memberships differ by fewer than the minimum group size, and a comment printed in one
 * approved version and not the other never stands on a group that was not printed in both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import type { MetricsDocument, ReactionRow } from '../../../functions/core/model/index.ts';
import { metricsInput, settings } from './fixtures.ts';

const MIN = 5;

const step = fc.record({
  add: fc.integer({ min: 0, max: 8 }),
  remove: fc.integer({ min: 0, max: 6 }),
  /** The version goes to the client (approved) or stays a draft. */
  approved: fc.boolean(),
  /** Every data file deleted: a version with no rows (its figures withdrawn) before the next one. */
  emptied: fc.boolean(),
});

describe('differencing between versions sent (approved) to the client', () => {
  it('never lets two approved versions print a group whose memberships differ by fewer than the minimum (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.array(step, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 10 }), (start, steps, score) => {
        let people = Array.from({ length: start }, (_, i) => `p${i}`);
        let next = start;
        // Each compute starts from the client-year's last stored metrics, approved or not (as compute does).
        let previous: MetricsDocument | undefined;
        const compute = (members: string[]) => {
          const reactions: ReactionRow[] = members.map((id, i) => ({
            respondent: id,
            program: 'ledarprogram',
            date: '2025-05-20',
            satisfaction: ((score + i) % 10) + 1,
            usefulness: 5,
            recommendation: 5,
            comment: `kommentar från ${id}`,
          }));
          const doc = computeMetrics(metricsInput({ reactions, assessments: [], instruments: [], settings: { ...settings, minGroupSize: MIN }, ...(previous ? { previousVersion: previous } : {}) }));
          previous = doc;
          return doc;
        };
        const sent: { members: string[]; doc: MetricsDocument }[] = [];
        for (const s of [{ add: 0, remove: 0, approved: true, emptied: false }, ...steps]) {
          if (s.emptied) compute([]);
          people = people.slice(s.remove).concat(Array.from({ length: s.add }, () => `p${next++}`));
          const doc = compute(people);
          if (s.approved) sent.push({ members: [...people].sort(), doc });
        }
        const printed = sent.filter((v) => v.doc.reaction && !v.doc.reaction.suppressed);
        for (let i = 0; i < printed.length; i++) {
          for (let j = i + 1; j < printed.length; j++) {
            const a = printed[i]!;
            const b = printed[j]!;
            if (a.members.join() === b.members.join()) continue;
            expect(Math.abs(a.members.length - b.members.length)).toBeGreaterThanOrEqual(MIN);
          }
        }
        // Comments are printed only with their group: a suppressed group shows none.
        for (const { doc } of sent) {
          const reaction = doc.reaction;
          if (!reaction) continue;
          if (reaction.suppressed) expect(reaction.comments).toEqual([]);
          for (const group of reaction.byProgram) if (group.suppressed) expect(group.comments).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
