import { describe, expect, it } from 'vitest';
import type { AssessmentRow, ReactionRow } from '../../../functions/core/model/index.ts';
import { assessmentRowsOf, MAX_CHUNK_BYTES, packRowChunks, packRows, reactionRowsOf, type RowChunk } from '../../../functions/core/rows/chunks.ts';

const reactions: ReactionRow[] = Array.from({ length: 20_000 }, (_, i) => {
  const row: ReactionRow = { respondent: `P${i}`, program: `program-${i % 7}`, date: `2025-05-${String((i % 28) + 1).padStart(2, '0')}`, satisfaction: (i % 10) + 1, usefulness: ((i + 3) % 10) + 1, recommendation: i % 11 };
  if (i % 3 === 0) row.comment = i % 2 === 0 ? `Bra dagar, "riktigt" bra ${i}` : `Lärorikt för åäö-ledare ${i}\nny rad`;
  return row;
});

const RATERS = ['self', 'manager', 'employee', 'peer'] as const;
/** Self-ratings are by their leader; others are by raters R… of leaders L…, a rater sometimes rating two leaders. */
const assessments: AssessmentRow[] = Array.from({ length: 9_000 }, (_, i) => {
  const rater = RATERS[i % 4]!;
  const leader = `L${i >> 4}`;
  return {
    respondent: rater === 'self' ? leader : `R${i >> 5}-${rater}`,
    leader,
    program: 'Ledarskap för chefer',
    instrument: i % 2 === 0 ? 'lead-forward' : 'lmx-7',
    wave: i % 3 === 0 ? 'post' : 'pre',
    date: '2025-01-02',
    rater,
    dimension: `dimension-${i % 9}`,
    score: 1 + (i % 9) / 2,
  };
});

describe('row chunks', () => {
  it('give back every row in order, the respondent mapped, each chunk within MAX_CHUNK_BYTES of UTF-8', () => {
    const chunks = packRows('reaction', reactions, (id) => `pseudo-${id}`);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.dataset).toBe('reaction');
      expect(new TextDecoder().decode(chunk.utf8)).toBe(chunk.json);
      expect(chunk.utf8.byteLength).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    }
    expect(chunks.flatMap((c) => reactionRowsOf(c.json))).toEqual(reactions.map((r) => ({ ...r, respondent: `pseudo-${r.respondent}` })));
  });

  it('map each respondent once, in row order', () => {
    const seen: string[] = [];
    packRows('reaction', reactions, (id) => {
      seen.push(id);
      return id;
    });
    expect(seen).toEqual(reactions.map((r) => r.respondent));
  });

  it('stay within MAX_CHUNK_BYTES when rows grow long partway through (packed again with fewer rows)', () => {
    const long = reactions.map((r, i) => (i >= 10_000 ? { ...r, comment: `${'å'.repeat(200)} ${i}` } : r));
    const chunks = packRows('reaction', long);
    expect(Math.max(...chunks.map((c) => c.utf8.byteLength))).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(chunks.flatMap((c) => reactionRowsOf(c.json))).toEqual(long);
  });

  it('make a chunk of a single row even when it alone is over MAX_CHUNK_BYTES', () => {
    const huge: ReactionRow = { ...reactions[0]!, comment: 'x'.repeat(MAX_CHUNK_BYTES + 1) };
    const chunks = packRows('reaction', [reactions[1]!, huge, reactions[2]!]);
    expect(chunks.map((c) => reactionRowsOf(c.json).length)).toEqual([1, 1, 1]);
    expect(chunks.flatMap((c) => reactionRowsOf(c.json))).toEqual([reactions[1], huge, reactions[2]]);
  });

  it('come one at a time from the generator, the same chunks as packRows', () => {
    const generator = packRowChunks('reaction', reactions, (id) => id.toLowerCase());
    const first = generator.next();
    expect(first.done).toBe(false);
    const rest = [...generator];
    const whole = (chunk: RowChunk) => `${chunk.dataset} ${chunk.json} ${Buffer.from(chunk.utf8).toString('base64')}`;
    expect([first.value!, ...rest].map(whole)).toEqual(packRows('reaction', reactions, (id) => id.toLowerCase()).map(whole));
  });

  it('pack assessments and give them back in order, respondent and leader mapped alike', () => {
    const chunks = packRows('assessment', assessments, (id) => `pseudo-${id}`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.dataset === 'assessment' && c.utf8.byteLength <= MAX_CHUNK_BYTES)).toBe(true);
    expect(chunks.flatMap((c) => assessmentRowsOf(c.json))).toEqual(assessments.map((r) => ({ ...r, respondent: `pseudo-${r.respondent}`, leader: `pseudo-${r.leader}` })));
  });

  it("map each leader that is not its row's respondent once, in row order, with leaderOf", () => {
    const respondentsSeen: string[] = [];
    const leadersSeen: string[] = [];
    const chunks = packRows(
      'assessment',
      assessments,
      (id) => {
        respondentsSeen.push(id);
        return `r:${id}`;
      },
      (id) => {
        leadersSeen.push(id);
        return `l:${id}`;
      },
    );
    expect(respondentsSeen).toEqual(assessments.map((r) => r.respondent));
    expect(leadersSeen).toEqual(assessments.filter((r) => r.rater !== 'self').map((r) => r.leader));
    const rows = chunks.flatMap((c) => assessmentRowsOf(c.json));
    // A self-rating's leader is stored as "the respondent" (null), so it reads back as the respondent's mapped id.
    expect(rows.map((r) => r.leader)).toEqual(assessments.map((r) => (r.rater === 'self' ? `r:${r.respondent}` : `l:${r.leader}`)));
    const firstChunk = JSON.parse(chunks[0]!.json) as { leader: (string | null)[]; rater: string[] };
    expect(firstChunk.leader.filter((l, i) => (l === null) !== (firstChunk.rater[i] === 'self'))).toEqual([]);
  });

  it('of no rows are none', () => {
    expect(packRows('reaction', [])).toEqual([]);
  });

  it('in an older format (one JSON array per row, or no leader column) are refused, not guessed at', () => {
    expect(() => reactionRowsOf('[["p1","Ledarskap","2025-05-14",9,8,10]]')).toThrow();
    const withoutLeader = JSON.stringify({ respondent: ['L1'], program: ['p'], instrument: ['lmx-7'], wave: ['post'], date: ['2025-06-02'], rater: ['self'], dimension: ['tillit'], score: [4] });
    expect(() => assessmentRowsOf(withoutLeader)).toThrow(/leader/);
  });
});
