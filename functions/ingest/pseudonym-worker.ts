/**
 * Entry of the ingest stage's pseudonymisation thread (see pseudonym-thread.ts). It hashes batches of
 * respondent and leader ids with the same `pseudonym` function as the main thread, so where an id was hashed never
 * changes its pseudonym. Bundled beside index.mjs as pseudonym-worker.mjs (infra/bundling.ts).
 */
import { parentPort } from 'node:worker_threads';
import { joinedPseudonyms } from '../core/rows/pseudonymise.ts';
import type { PseudonymReply, PseudonymRequest } from './pseudonym-thread.ts';

if (parentPort === null) throw new Error('pseudonym-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (request: PseudonymRequest) => {
  let reply: PseudonymReply;
  try {
    reply = { id: request.id, pseudonyms: joinedPseudonyms(request.key, request.clientId, request.respondents) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
