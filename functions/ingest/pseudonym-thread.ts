import { Worker } from 'node:worker_threads';
import { PSEUDONYM_LENGTH, pseudonymiser } from '../core/rows/pseudonymise.ts';

/** One batch of ids to pseudonymise, main thread → worker. */
export interface PseudonymRequest {
  id: number;
  key: Uint8Array;
  clientId: string;
  /** Respondent ids, or leader ids: both are people's ids, hashed alike (the name predates leaders). */
  respondents: string[];
}

/**
 * The pseudonyms of a batch, in the order of its ids, as one string (each pseudonym is PSEUDONYM_LENGTH
 * characters): one string crosses the thread boundary far cheaper than thousands. Or why the worker could not make them.
 */
export type PseudonymReply = { id: number; pseudonyms: string } | { id: number; error: string };

/**
 * Ids per message: 4096 ids are cheap for the main thread to send, and the worker starts hashing after the
 * first 4096 rows are parsed instead of after the whole file. A power of two: position → batch is a shift.
 */
const BATCH_BITS = 12;
const BATCH_SIZE = 1 << BATCH_BITS;

/**
 * A second thread that pseudonymises respondent ids while the main thread is still parsing the file.
 * One HMAC-SHA-256 per distinct respondent with Node's native HMAC is a large share of ingesting a big
 * file, and no faster native variant exists (docs/benchmarks.md).
 * On the main thread that time comes after parsing; on this thread it runs beside it. The worker runs
 * the same `pseudonym` function, so a pseudonym never depends on which thread made it.
 *
 * One per process, started on first use and kept for later invocations. It never keeps the process
 * alive when no answer is owed (unref), and while one is owed it does (ref).
 *
 * `workerUrl` is the worker module (pseudonym-worker.ts): in the Lambda bundle `pseudonym-worker.mjs`
 * beside index.mjs (infra/bundling.ts); run from source, a loader that runs the TypeScript
 * (cli/local/typescript-worker.ts).
 */
export class PseudonymThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (pseudonyms: string) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(private readonly workerUrl: URL) {}

  /** Collects one file's respondent and leader ids as the parser reads them, and hashes them in batches. */
  session(key: Uint8Array, clientId: string): PseudonymSession {
    // Start the thread now, not at the first batch: it loads while the file is decoded and split.
    this.started();
    return new PseudonymSession((ids) => this.request(key, clientId, ids), pseudonymiser(key, clientId));
  }

  /** Stops the thread (tests and the CLI at shutdown); a later session starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private request(key: Uint8Array, clientId: string, ids: string[]): Promise<string> {
    const worker = this.started();
    const id = this.nextId++;
    const answer = new Promise<string>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) worker.ref();
    const request: PseudonymRequest = { id, key, clientId, respondents: ids };
    worker.postMessage(request);
    return answer;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl);
    worker.unref();
    worker.on('message', (reply: PseudonymReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) waiting.reject(new Error(`pseudonymisation thread: ${reply.error}`));
      else waiting.resolve(reply.pseudonyms);
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the pseudonymisation thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Every answer still owed fails with the thread's error (the ingest then fails and is retried); the next request starts a new thread. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/**
 * Ids past the walk's position whose pseudonyms `paced` waits for before taking the next item: one batch,
 * about three times the rows a 100 KB row chunk holds (functions/core/rows/chunks.ts), so packing stays
 * behind the thread. Were a chunk ever to hold more, its later ids would be hashed inline: slower, not wrong.
 */
const PACE_AHEAD_IDS = BATCH_SIZE;

interface SentBatch {
  ids: string[];
  /** The joined pseudonyms once the thread has answered. */
  pseudonyms?: string;
}

/**
 * One file's ids: `observe` each data row's respondent in row order while parsing, and `observeLeader`
 * each leader that is not its row's respondent; once the rows are parsed, `pseudonymOf` gives each row's
 * respondent pseudonym and `leaderPseudonymOf` the pseudonym of each such leader, each called for the
 * rows in row order. Both kinds of id go to the same thread under the same key and through the same
 * `pseudonym` function, so a person who answers for one leader and is rated as another gets one pseudonym.
 * Each kind keeps its own walk (an IdWalk): a row's ids are read off each walk in the order they were
 * observed. Every id is compared, and one that does not match, or whose batch the thread has not
 * answered yet, is hashed here: a surprise can cost time but never give a wrong pseudonym.
 */
export class PseudonymSession {
  private readonly respondents: IdWalk;
  private readonly leaders: IdWalk;
  /** Rows hashed on the main thread: their id was not where the walk expected it, or not answered yet (expected: 0). */
  inlineHashes = 0;

  constructor(send: (ids: string[]) => Promise<string>, inline: (id: string) => string) {
    const hashInline = (id: string): string => {
      this.inlineHashes++;
      return inline(id);
    };
    this.respondents = new IdWalk(send, hashInline);
    this.leaders = new IdWalk(send, hashInline);
    this.observe = this.respondents.observe;
    this.observeLeader = this.leaders.observe;
    this.pseudonymOf = this.respondents.pseudonymOf;
    this.leaderPseudonymOf = this.leaders.pseudonymOf;
  }

  /** Tells a data row's respondent id, in row order (ParseInput.onRespondent). */
  readonly observe: (respondent: string) => void;
  /** Tells a data row's leader id where it is not the row's respondent, in row order (ParseInput.onLeader). */
  readonly observeLeader: (leader: string) => void;
  /** The pseudonym of the next row's respondent; call for each parsed row, in row order. */
  readonly pseudonymOf: (respondent: string) => string;
  /** The pseudonym of the next row's leader; call for each parsed row whose leader is not its respondent, in row order. */
  readonly leaderPseudonymOf: (leader: string) => string;

  /** `pseudonymOf`, once every batch is answered (rejects when the thread failed one); `leaderPseudonymOf` is then ready too. */
  async lookup(): Promise<(respondent: string) => string> {
    this.respondents.flush();
    this.leaders.flush();
    await Promise.all([this.respondents.answered(), this.leaders.answered()]);
    return this.pseudonymOf;
  }

  /**
   * The items of `items` (row chunks packed with `pseudonymOf` and `leaderPseudonymOf`), each taken only
   * once the thread has answered for the ids it will read: the first chunks are packed and written while
   * later batches are still being hashed, instead of after all of them. Rejects when the thread failed a batch.
   */
  async *paced<T>(items: Iterator<T>): AsyncGenerator<T, void, undefined> {
    this.respondents.flush();
    this.leaders.flush();
    for (;;) {
      await Promise.all([this.respondents.answeredAhead(), this.leaders.answeredAhead()]);
      const next = items.next();
      if (next.done) return;
      yield next.value;
    }
  }
}

/**
 * One sequence of observed ids, sent to the thread in batches, and walked along with the rows. A parsed
 * row carries the observed id of its source row (a wide assessment row gives several rows with its id),
 * so the next id asked for is either the one the walk is at (a repeat) or the next observed one.
 */
class IdWalk {
  private batch: string[] = [];
  private readonly sent: SentBatch[] = [];
  /** Per sent batch: settles when the thread has answered it. */
  private readonly answers: Promise<void>[] = [];
  /** Index of the observed id the walk is at. */
  private position = -1;

  constructor(
    private readonly send: (ids: string[]) => Promise<string>,
    private readonly hashInline: (id: string) => string,
  ) {}

  readonly observe = (id: string): void => {
    this.batch.push(id);
    if (this.batch.length === BATCH_SIZE) this.flush();
  };

  readonly pseudonymOf = (id: string): string => {
    // The next observed id starts the next source row; the current one may repeat (wide rows).
    if (this.idAt(this.position + 1) === id) this.position++;
    else if (this.idAt(this.position) !== id) return this.hashInline(id);
    const pseudonyms = this.sent[this.position >>> BATCH_BITS]!.pseudonyms;
    if (pseudonyms === undefined) return this.hashInline(id);
    const index = this.position & (BATCH_SIZE - 1);
    return pseudonyms.slice(index * PSEUDONYM_LENGTH, (index + 1) * PSEUDONYM_LENGTH);
  };

  /** Settles when every sent batch is answered (rejects when the thread failed one). */
  async answered(): Promise<void> {
    await Promise.all(this.answers);
  }

  /** Settles when the batches holding the ids up to PACE_AHEAD_IDS past the walk's position are answered. */
  async answeredAhead(): Promise<void> {
    const through = Math.min(this.sent.length, ((this.position + 1 + PACE_AHEAD_IDS) >>> BATCH_BITS) + 1);
    await Promise.all(this.answers.slice(0, through));
  }

  private idAt(position: number): string | undefined {
    return this.sent[position >>> BATCH_BITS]?.ids[position & (BATCH_SIZE - 1)];
  }

  flush(): void {
    if (this.batch.length === 0) return;
    const sent: SentBatch = { ids: this.batch };
    const answer = this.send(sent.ids).then((pseudonyms) => {
      if (pseudonyms.length !== sent.ids.length * PSEUDONYM_LENGTH) {
        throw new Error(`pseudonymisation thread answered ${pseudonyms.length} characters for ${sent.ids.length} ids`);
      }
      sent.pseudonyms = pseudonyms;
    });
    // Awaited in `lookup` or `paced`, which rethrow a failure. Until then (the parser may still be running,
    // or may reject the file and never ask) a failed batch must not count as an unhandled rejection.
    answer.catch(() => undefined);
    this.sent.push(sent);
    this.answers.push(answer);
    this.batch = [];
  }
}
