import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pseudonym } from '../../../functions/core/rows/pseudonymise.ts';
import { PseudonymThread } from '../../../functions/ingest/pseudonym-thread.ts';

const key = randomBytes(32);
const thread = new PseudonymThread();

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
    const stopping = new PseudonymThread();
    const session = stopping.session(key, 'c');
    for (let i = 0; i < 5_000; i++) session.observe(`X${i}`);
    await stopping.close();
    await expect(session.lookup()).rejects.toThrow(/pseudonymisation thread stopped/);
    // The next session starts a new thread.
    const again = stopping.session(key, 'c');
    again.observe('X1');
    expect((await again.lookup())('X1')).toBe(pseudonym(key, 'c', 'X1'));
    await stopping.close();
  });
});
