import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs } from '../aws/blobs.ts';
import type { Mailer } from '../aws/mail.ts';
import type { QueueSender } from '../aws/queue.ts';
import type { Stores } from '../core/ports.ts';
import type { Problem } from '../core/model/index.ts';
import type { ProposedMapping } from '../core/parse/mapping/propose.ts';
import type { PseudonymThread } from './pseudonym-thread.ts';

/** What ingest works with, and what it tells its caller; shared by the ingest modules. */

export interface IngestDeps {
  store: Pick<Stores, 'files' | 'rows' | 'settings' | 'instruments' | 'commentary' | 'mappings' | 'programDesigns' | 'state' | 'activity' | 'audit'>;
  blobs: Blobs;
  computeQueue: QueueSender;
  mailer: Mailer;
  pseudonymKey: () => Promise<Uint8Array>;
  /** Pseudonymises large files' respondent ids beside the parser; without it every id is hashed inline. */
  pseudonymThread?: PseudonymThread;
  settings: { uploadsBucket: string; quarantineBucket: string; senderEmail: string; coalesceSeconds: number; maxBytes?: number };
  logger: Logger;
  now: () => Date;
}

/**
 * Files from this size on have their respondent ids pseudonymised on the second thread while they are
 * parsed (tens of thousands of rows and up). Below it the ids are hashed inline after parsing, which costs
 * less than the thread's messaging and, once per container, its start would save (docs/benchmarks.md).
 */
export const PARALLEL_PSEUDONYMS_MIN_BYTES = 1024 * 1024;

/** One change to an object in the uploads bucket, as an S3 event reports it. */
export interface ObjectChange {
  key: string;
  /** Zero-padded S3 sequencer: string order is event order for one key. */
  sequencer: string;
  /**
   * When ingest took the change up and marked its client-year as changing (epoch ms; ingestObject sets it):
   * the debounce window runs from then.
   */
  startedAt?: number;
}

export type IngestOutcome =
  | { status: 'committed'; fileName: string; rows: number; replaced: boolean }
  | { status: 'unchanged' | 'stale' | 'removed' | 'kept' | 'absent'; fileName: string }
  | { status: 'settings' | 'instrument' | 'commentary' | 'program'; fileName: string }
  | { status: 'mapping'; fileName: string; reread: IngestOutcome[] }
  | { status: 'rejected'; fileName: string; problems: Problem[]; totalProblems: number; proposedMapping?: ProposedMapping }
  | { status: 'invalid-key'; message: string };
