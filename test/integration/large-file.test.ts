import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonym } from '../../functions/core/rows/pseudonymise.ts';
import { padSequencer } from '../../functions/core/rows/fingerprint.ts';
import { unpackReactions } from '../../functions/core/rows/chunks.ts';
import { ingestObject, PARALLEL_PSEUDONYMS_MIN_BYTES } from '../../functions/ingest/ingest-object.ts';
import { PseudonymThread, type PseudonymSession } from '../../functions/ingest/pseudonym-thread.ts';
import { sourcePseudonymWorker } from '../../cli/local/typescript-worker.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { reactionCsv, reactionRows, stageDeps } from './reliability/helpers.ts';

/** Counts the files it is asked to pseudonymise, so the test knows the thread did the work. */
class CountingThread extends PseudonymThread {
  readonly sessions: PseudonymSession[] = [];
  override session(...args: Parameters<PseudonymThread['session']>) {
    const session = super.session(...args);
    this.sessions.push(session);
    return session;
  }
}

let pipeline: TestPipeline;
const thread = new CountingThread(sourcePseudonymWorker());

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: [] });
});

afterAll(async () => {
  await thread.close();
  await pipeline.stop();
});

describe('a file large enough for the pseudonymisation thread', () => {
  it('is stored with the same pseudonyms, byte for byte, as when every id is hashed inline', async () => {
    const clientId = 'stor';
    // 30k respondents, some of them answering twice on other days: ~1.3 MB, over the thread's threshold.
    const rows = reactionRows(clientId, 0, 30_000);
    const csv = `${reactionCsv(rows)}\n${rows.slice(0, 500).map(([id, s, u, r]) => `${id},ledarprogram,2025-06-11,${s},${u},${r},`).join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(PARALLEL_PSEUDONYMS_MIN_BYTES);

    const threaded = stageDeps(pipeline.runtime).ingest;
    const inline = stageDeps(pipeline.runtime).ingest;
    // The pseudonym depends on the client, not the year: 2025 goes through the thread, 2024 inline.
    await pipeline.put(`${clientId}/2025/reaktioner.csv`, csv);
    await pipeline.put(`${clientId}/2024/reaktioner.csv`, csv);
    expect(await ingestObject({ ...threaded, pseudonymThread: thread }, { key: `${clientId}/2025/reaktioner.csv`, sequencer: padSequencer(1) })).toMatchObject({ status: 'committed', rows: 30_500 });
    expect(await ingestObject(inline, { key: `${clientId}/2024/reaktioner.csv`, sequencer: padSequencer(2) })).toMatchObject({ status: 'committed', rows: 30_500 });
    // The thread made every pseudonym: none had to be hashed again on the main thread.
    expect(thread.sessions.map((s) => s.inlineHashes)).toEqual([0]);

    const viaThread = await pipeline.table.readClientYear(clientId, 2025);
    const viaInline = await pipeline.table.readClientYear(clientId, 2024);
    expect(viaThread.chunks.map((c) => c.json)).toEqual(viaInline.chunks.map((c) => c.json));

    const stored = viaThread.chunks.flatMap((c) => unpackReactions(c.json));
    const key = await threaded.pseudonymKey();
    expect(stored.slice(0, 3).map((r) => r.respondent)).toEqual(rows.slice(0, 3).map(([id]) => pseudonym(key, clientId, id)));
    // No raw id reaches storage.
    expect(viaThread.chunks.some((c) => c.json.includes(`${clientId}-f0-r`))).toBe(false);
  });

  it('walks a wide assessment file (several rows per source row) without hashing any id twice', async () => {
    const clientId = 'bred';
    const lines = ['deltagare;program;instrument;mätning;datum;bedömare;tydlighet;tillit;utveckling'];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`L${i};ledarskap-bas;lead-forward;Före;2025-02-03;själv;4,25;3,5;4`, `L${i};ledarskap-bas;lead-forward;Efter;2025-06-10;själv;5,5;4,75;5`);
    }
    const csv = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(PARALLEL_PSEUDONYMS_MIN_BYTES);

    await pipeline.put(`${clientId}/2025/bedomning.csv`, csv);
    await pipeline.put(`${clientId}/2024/bedomning.csv`, csv);
    const sessionsBefore = thread.sessions.length;
    expect(await ingestObject({ ...stageDeps(pipeline.runtime).ingest, pseudonymThread: thread }, { key: `${clientId}/2025/bedomning.csv`, sequencer: padSequencer(3) })).toMatchObject({ status: 'committed', rows: 60_000 });
    expect(await ingestObject(stageDeps(pipeline.runtime).ingest, { key: `${clientId}/2024/bedomning.csv`, sequencer: padSequencer(4) })).toMatchObject({ status: 'committed', rows: 60_000 });
    expect(thread.sessions.slice(sessionsBefore).map((s) => s.inlineHashes)).toEqual([0]);

    const viaThread = await pipeline.table.readClientYear(clientId, 2025);
    const viaInline = await pipeline.table.readClientYear(clientId, 2024);
    expect(viaThread.chunks.map((c) => c.json)).toEqual(viaInline.chunks.map((c) => c.json));
  });

  it('is rejected whole by a problem on its last row, and its corrected version commits', async () => {
    const clientId = 'sen';
    const rows = reactionRows(clientId, 0, 30_000);
    const good = `${reactionCsv(rows)}\n`;
    // The last row's satisfaction is out of range.
    const broken = good.replace(/,(\d+),(\d+),(\d+),\n$/, ',11,$2,$3,\n');
    expect(broken).not.toBe(good);
    const deps = { ...stageDeps(pipeline.runtime).ingest, pseudonymThread: thread };
    const objectKey = `${clientId}/2025/reaktioner.csv`;
    await pipeline.put(objectKey, broken);
    const rejected = await ingestObject(deps, { key: objectKey, sequencer: padSequencer(5) });
    expect(rejected).toMatchObject({ status: 'rejected', totalProblems: 1, problems: [{ rule: 'out-of-range', line: 30_001 }] });
    const afterRejection = await pipeline.table.readClientYear(clientId, 2025);
    expect(afterRejection.chunks).toEqual([]);
    expect(afterRejection.files).toEqual([]);

    // The corrected file commits, and the same content under a second name is refused.
    await pipeline.put(objectKey, good);
    expect(await ingestObject(deps, { key: objectKey, sequencer: padSequencer(7) })).toMatchObject({ status: 'committed', rows: 30_000 });
    await pipeline.put(`${clientId}/2025/igen.csv`, good);
    expect(await ingestObject(deps, { key: `${clientId}/2025/igen.csv`, sequencer: padSequencer(8) })).toMatchObject({ status: 'rejected', problems: [{ rule: 'duplicate-content' }] });
    const committed = await pipeline.table.readClientYear(clientId, 2025);
    expect(committed.files.map((f) => f.fileName)).toEqual(['reaktioner.csv']);
    expect(new Set(committed.chunks.map((c) => c.fileId)).size).toBe(1);
    expect(committed.chunks.flatMap((c) => unpackReactions(c.json))).toHaveLength(30_000);
  });
});
