/** The message that carries a batch of ids to the pseudonymisation thread (pseudonym-thread.ts, pseudonym-worker.ts). */

/**
 * One batch of ids to pseudonymise, main thread → worker. Respondent ids, or leader ids: both are people's
 * ids, hashed alike. The ids travel as one string and their lengths: cloning one string and one typed
 * array costs the sending thread far less than cloning thousands of strings, and no separator character
 * need be assumed absent from the ids.
 */
export interface PseudonymRequest {
  id: number;
  key: Uint8Array;
  clientId: string;
  /** The batch's ids, concatenated. */
  joined: string;
  /** The length of each id in `joined`, in order. */
  lengths: Uint32Array;
}

/** The ids of a request, in order. */
export function requestIds(request: Pick<PseudonymRequest, 'joined' | 'lengths'>): string[] {
  const ids = new Array<string>(request.lengths.length);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const end = at + request.lengths[i]!;
    ids[i] = request.joined.slice(at, end);
    at = end;
  }
  return ids;
}

/** The request fields that carry `ids`. */
export function idsForRequest(ids: readonly string[]): Pick<PseudonymRequest, 'joined' | 'lengths'> {
  const lengths = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) lengths[i] = ids[i]!.length;
  return { joined: ids.join(''), lengths };
}
