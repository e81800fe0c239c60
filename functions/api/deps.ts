import type { Logger } from '@aws-lambda-powertools/logger';
import type { BlobStore, MessageSender } from '../aws/lazy-clients.ts';
import type { Stores } from '../core/ports.ts';
import type { TokenVerifier } from './authenticate.ts';

/** Everything the API's routes use, injected so tests can build them against the emulators. */
export interface ApiDeps {
  /** The API reaches every aggregate (it lists, changes and erases); each route uses a few. */
  store: Pick<Stores, 'settings' | 'commentary' | 'programDesigns' | 'state' | 'files' | 'rows' | 'activity' | 'metrics' | 'reports' | 'jobs' | 'audit'>;
  blobs: BlobStore;
  computeQueue: MessageSender;
  /** Approved versions go to the deliver stage, which e-mails the client once. */
  deliverQueue: MessageSender;
  /** Verifies bearer tokens when API Gateway's authorizer did not (local); undefined = only gateway claims count. */
  verifier: TokenVerifier | undefined;
  settings: {
    uploadsBucket: string;
    reportsBucket: string;
    /** Where ingest keeps a refused file, its error report and proposed mapping; deleting the rejection removes them. */
    quarantineBucket: string;
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
