import { describe, expect, it } from 'vitest';
import type { AssessmentRow, ReactionRow } from '../../../functions/core/model/index.ts';
import { MAX_CHUNK_BYTES, packRowChunks, packRows, unpackAssessments, unpackReactions } from '../../../functions/core/rows/chunks.ts';

const reactions: ReactionRow[] = Array.from({ length: 20_000 }, (_, i) => {
  const row: ReactionRow = { respondent: `P${i}`, program: `program-${i % 7}`, date: `2025-05-${String((i % 28) + 1).padStart(2, '0')}`, satisfaction: (i % 10) + 1, usefulness: ((i + 3) % 10) + 1, recommendation: i % 11 };
  if (i % 3 === 0) row.comment = i % 2 === 0 ? `Bra dagar, "riktigt" bra ${i}` : `Lärorikt för åäö-ledare ${i}\nny rad`;
  return row;
});

describe('row chunks', () => {
  it('hold exactly JSON.stringify of each row tuple, within MAX_CHUNK_BYTES of UTF-8, in row order', () => {
    const chunks = packRows('reaction', reactions, (id) => `pseudo-${id}`);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.dataset).toBe('reaction');
      expect(Buffer.byteLength(chunk.json)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    }
    const tuples = chunks.flatMap((c) => JSON.parse(c.json) as unknown[]);
    expect(tuples).toHaveLength(reactions.length);
    expect(tuples).toEqual(
      reactions.map((r) => [`pseudo-${r.respondent}`, r.program, r.date, r.satisfaction, r.usefulness, r.recommendation, ...(r.comment === undefined ? [] : [r.comment])]),
    );
    expect(chunks.flatMap((c) => unpackReactions(c.json))).toEqual(reactions.map((r) => ({ ...r, respondent: `pseudo-${r.respondent}` })));
  });

  it('come one at a time from the generator, the same chunks as packRows', () => {
    const generator = packRowChunks('reaction', reactions, (id) => id.toLowerCase());
    const first = generator.next();
    expect(first.done).toBe(false);
    const rest = [...generator];
    expect([first.value, ...rest]).toEqual(packRows('reaction', reactions, (id) => id.toLowerCase()));
  });

  it('pack assessments with the score last', () => {
    const rows: AssessmentRow[] = [
      { respondent: 'L1', program: 'p', instrument: 'lmx-7', wave: 'pre', date: '2025-01-02', rater: 'self', dimension: 'tillit', score: 3.5 },
      { respondent: 'L1', program: 'p', instrument: 'lmx-7', wave: 'post', date: '2025-06-02', rater: 'manager', dimension: 'tillit', score: 4 },
    ];
    const [chunk, ...none] = packRows('assessment', rows);
    expect(none).toEqual([]);
    expect(chunk!.json).toBe(JSON.stringify(rows.map((r) => [r.respondent, r.program, r.instrument, r.wave, r.date, r.rater, r.dimension, r.score])));
    expect(unpackAssessments(chunk!.json)).toEqual(rows);
  });
});
