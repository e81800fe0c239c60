import type { AssessmentRow, ReactionRow } from '../../functions/core/model/index.ts';
import type { StoredChunk } from '../../functions/core/ports.ts';
import { unpackAssessments, unpackReactions } from '../../functions/core/rows/chunks.ts';

/** A stored chunk's columns as JSON text (what a test searches for raw ids, or compares between two files). */
export const chunkJson = (chunk: StoredChunk): string => JSON.stringify(chunk.columns());

export const reactionsIn = (chunks: readonly StoredChunk[]): ReactionRow[] =>
  chunks.flatMap((c) => (c.dataset === 'reaction' ? unpackReactions(c.columns()) : []));

export const assessmentsIn = (chunks: readonly StoredChunk[]): AssessmentRow[] =>
  chunks.flatMap((c) => (c.dataset === 'assessment' ? unpackAssessments(c.columns()) : []));
