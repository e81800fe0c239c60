import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PSEUDONYM_LENGTH, pseudonym } from '../../../functions/core/rows/pseudonymise.ts';
import { PseudonymSession, PseudonymThread } from '../../../functions/ingest/pseudonym-thread.ts';
import { sourcePseudonymWorker } from '../../../cli/local/typescript-worker.ts';

const key = randomBytes(32);
const thread = new PseudonymThread(sourcePseudonymWorker());

afterAll(async () => {
  await thread.close();
});

describe('the pseudonymisation thread', () => {
  it('gives every row the pseudonym the main thread would, across batches and repeats', async () => {
    // 10k distinct ids (three batches), each seen twice, plus ids that need normalising.
    const ids = [...Array.from({ length: 10_000 }, (_, i) => `P${i}`), ...Array.from({ length: 10_000 }, (_, i) => `P${i}`), '  Åsa.Öberg@Example.se ', 'åsa.öberg@example.se'];
    const session = thread.session(key, 'sodertalje');
    ids.forEach(session.observe);
    const pseudonymOf = await session.lookup();
    // Rows in order; the first row's id comes three times, as a wide assessment row's dimensions do.
    const rows = [ids[0]!, ids[0]!, ...ids];
    expect(rows.map(pseudonymOf)).toEqual(rows.map((id) => pseudonym(key, 'sodertalje', id)));
    expect(session.inlineHashes).toBe(0);
    // An id out of order, or never shown, is still pseudonymised (on the main thread).
    expect(pseudonymOf('P7')).toBe(pseudonym(key, 'sodertalje', 'P7'));
    expect(pseudonymOf('never-observed')).toBe(pseudonym(key, 'sodertalje', 'never-observed'));
    expect(session.inlineHashes).toBe(2);
  });

  it('paces packing behind the thread: a chunk is taken only once the ids it reads are hashed', async () => {
    const asked: { ids: string[]; answer: () => void }[] = [];
    const fake = (id: string) => id.padEnd(PSEUDONYM_LENGTH, '.');
    const session = new PseudonymSession(
      (ids) => new Promise<string>((resolve) => asked.push({ ids, answer: () => resolve(ids.map(fake).join('')) })),
      (id) => `inline:${id}`,
    );
    const ids = Array.from({ length: 3 * 4096 + 5 }, (_, i) => `P${i}`);
    ids.forEach(session.observe);
    function* chunks(): Generator<string[]> {
      for (let start = 0; start < ids.length; start += 1000) yield ids.slice(start, start + 1000).map(session.pseudonymOf);
    }
    const paced = session.paced(chunks());
    const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))]);

    const first = paced.next();
    expect(asked).toHaveLength(4);
    asked[0]!.answer();
    // The first chunk's ids are in batch 0, but the walk looks one batch ahead.
    expect(await settled(first)).toBe(false);
    asked[1]!.answer();
    expect(await settled(first)).toBe(true);
    asked[2]!.answer();
    asked[3]!.answer();
    const rest: string[][] = [];
    for await (const chunk of paced) rest.push(chunk);
    expect([(await first).value as string[], ...rest].flat()).toEqual(ids.map(fake));
    expect(session.inlineHashes).toBe(0);
  });

  it('walks leaders apart from respondents: same key, same pseudonyms, paced behind both', async () => {
    const asked: { ids: string[]; answer: () => void }[] = [];
    const fake = (id: string) => id.toLowerCase().padEnd(PSEUDONYM_LENGTH, '.');
    const session = new PseudonymSession(
      (ids) => new Promise<string>((resolve) => asked.push({ ids, answer: () => resolve(ids.map(fake).join('')) })),
      (id) => `inline:${id}`,
    );
    // Rows as the parser reads them: each leader's self-rating (leader not told), then two raters of it.
    const rows: { respondent: string; leader: string }[] = [];
    for (let i = 0; i < 3000; i++) rows.push({ respondent: `L${i}`, leader: `L${i}` }, { respondent: `C${i}`, leader: `L${i}` }, { respondent: `L${i + 1}`, leader: `L${i}` });
    for (const row of rows) {
      session.observe(row.respondent);
      if (row.leader !== row.respondent) session.observeLeader(row.leader);
    }
    function* chunks(): Generator<string[]> {
      for (let start = 0; start < rows.length; start += 1000) {
        yield rows.slice(start, start + 1000).map((r) => `${session.pseudonymOf(r.respondent)}→${r.leader === r.respondent ? 'self' : session.leaderPseudonymOf(r.leader)}`);
      }
    }
    const paced = session.paced(chunks());
    const first = paced.next();
    // 9000 respondents (batches R0 R1 R2) and 6000 leaders (L0 L1), sent as they filled up: R0 L0 R1 R2 L1.
    expect(asked.map((a) => `${a.ids[0]} ${a.ids.length}`)).toEqual(['L0 4096', 'L0 4096', 'C1365 4096', 'L2731 808', 'L2048 1904']);
    const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))]);
    // The first chunk looks one batch ahead on each walk: R0 and R1 are not enough, L0 and L1 are awaited too.
    for (const index of [0, 2, 1]) asked[index]!.answer();
    expect(await settled(first)).toBe(false);
    asked[4]!.answer();
    expect(await settled(first)).toBe(true);
    asked[3]!.answer();
    const packed = [(await first).value as string[]];
    for await (const chunk of paced) packed.push(chunk);
    expect(packed.flat()).toEqual(rows.map((r) => `${fake(r.respondent)}→${r.leader === r.respondent ? 'self' : fake(r.leader)}`));
    expect(session.inlineHashes).toBe(0);
  });

  it('gives a leader the pseudonym the same id gets as a respondent, over the real thread', async () => {
    const session = thread.session(key, 'kommunen');
    const ids = Array.from({ length: 6000 }, (_, i) => `Person.${i}@Kommunen.example`);
    // Everyone answers once (as a rater of the next person) and is rated once, spelled in capitals there.
    ids.forEach((id, i) => {
      session.observe(id);
      session.observeLeader(ids[(i + 1) % ids.length]!.toUpperCase());
    });
    const pseudonymOf = await session.lookup();
    const asRespondent = ids.map((id) => pseudonymOf(id));
    const asLeader = ids.map((_, i) => session.leaderPseudonymOf(ids[(i + 1) % ids.length]!.toUpperCase()));
    expect(asLeader).toEqual([...asRespondent.slice(1), asRespondent[0]]);
    expect(asRespondent).toEqual(ids.map((id) => pseudonym(key, 'kommunen', id)));
    expect(session.inlineHashes).toBe(0);
  });

  it('paced over the real thread gives every row the pseudonym the main thread would', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `R${i}`);
    const session = thread.session(key, 'paced');
    ids.forEach(session.observe);
    function* chunks(): Generator<string[]> {
      for (let start = 0; start < ids.length; start += 1400) yield ids.slice(start, start + 1400).map(session.pseudonymOf);
    }
    const pseudonyms: string[] = [];
    for await (const chunk of session.paced(chunks())) pseudonyms.push(...chunk);
    expect(pseudonyms).toEqual(ids.map((id) => pseudonym(key, 'paced', id)));
    expect(session.inlineHashes).toBe(0);
  });

  it('serves sessions of different clients at the same time without mixing them', async () => {
    const a = thread.session(key, 'a');
    const b = thread.session(key, 'b');
    for (let i = 0; i < 5_000; i++) {
      a.observe(`L${i}`);
      b.observe(`L${i}`);
    }
    const [ofA, ofB] = await Promise.all([a.lookup(), b.lookup()]);
    for (let i = 0; i < 5_000; i++) {
      expect(ofA(`L${i}`)).toBe(pseudonym(key, 'a', `L${i}`));
      expect(ofB(`L${i}`)).toBe(pseudonym(key, 'b', `L${i}`));
    }
  });

  it('fails the file, instead of waiting for ever, when the thread stops', async () => {
    const stopping = new PseudonymThread(sourcePseudonymWorker());
    const session = stopping.session(key, 'c');
    const packing = stopping.session(key, 'c');
    for (let i = 0; i < 5_000; i++) {
      session.observe(`X${i}`);
      packing.observe(`X${i}`);
    }
    await stopping.close();
    await expect(session.lookup()).rejects.toThrow(/pseudonymisation thread stopped/);
    await expect(packing.paced([['chunk']].values()).next()).rejects.toThrow(/pseudonymisation thread stopped/);
    // The next session starts a new thread.
    const again = stopping.session(key, 'c');
    again.observe('X1');
    expect((await again.lookup())('X1')).toBe(pseudonym(key, 'c', 'X1'));
    await stopping.close();
  });
});
