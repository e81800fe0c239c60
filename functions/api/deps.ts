import type { Logger } from '@aws-lambda-powertools/logger';
import type { Blobs } from '../aws/blobs.ts';
import type { QueueSender } from '../aws/queue.ts';
import type { EffektTable } from '../aws/table.ts';
import type { TokenVerifier } from './authenticate.ts';

/** Everything the API's routes use, injected so tests can build them against the emulators. */
export interface ApiDeps {
  table: EffektTable;
  blobs: Blobs;
  computeQueue: QueueSender;
  /** Approved versions go to the deliver stage, which e-mails the client once. */
  deliverQueue: QueueSender;
  /** Verifies bearer tokens when API Gateway's authorizer did not (local); undefined = only gateway claims count. */
  verifier: TokenVerifier | undefined;
  settings: {
    uploadsBucket: string;
    reportsBucket: string;
    /** Lifetime of presigned upload URLs. */
    uploadUrlSeconds: number;
    /** Lifetime of presigned download URLs (at most 5 minutes). */
    downloadUrlSeconds: number;
  };
  /** The key ingest pseudonymises ids with: an erasure finds a person's rows by the same pseudonym. */
  pseudonymKey: () => Promise<Uint8Array>;
  logger: Logger;
  now: () => Date;
  newId: () => string;
}
