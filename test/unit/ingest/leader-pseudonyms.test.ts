import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, describe, expect, it } from 'vitest';
import type { Blobs } from '../../../functions/aws/blobs.ts';
import type { Mailer } from '../../../functions/aws/mail.ts';
import type { QueueSender } from '../../../functions/aws/queue.ts';
import type { EffektTable, FileRecord } from '../../../functions/aws/table.ts';
import { instrumentCatalog } from '../../../functions/core/instruments/builtin.ts';
import type { AssessmentRow } from '../../../functions/core/model/index.ts';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { type RowChunk, unpackAssessments } from '../../../functions/core/rows/chunks.ts';
import { pseudonym } from '../../../functions/core/rows/pseudonymise.ts';
import { ingestObject, PARALLEL_PSEUDONYMS_MIN_BYTES, type IngestDeps } from '../../../functions/ingest/ingest-object.ts';
import { PseudonymThread } from '../../../functions/ingest/pseudonym-thread.ts';
import { sourcePseudonymWorker } from '../../../cli/local/typescript-worker.ts';

/**
 * Ingest pseudonymises the leader column with the respondent's key and function: one raw id gets one
 * pseudonym whether the person answered or was rated, on the inline path (small files) and on the
 * pseudonymisation thread (large files). Runs `ingestObject` against in-memory stand-ins for the table,
 * bucket and queue, keeping the row chunks it writes.
 */
const key = randomBytes(32);
const CLIENT = 'kommunen';
const thread = new PseudonymThread(sourcePseudonymWorker());

afterAll(async () => {
  await thread.close();
});

const HEADER = 'respondent,leader,program,instrument,wave,date,rater,dimension,score';

/**
 * A 360 where C01 manages L01 and is a participant rated by C00, the peer K1 rates two leaders, and a
 * self-rating names its leader only in the leader column, spelled in another case.
 */
const SMALL_ROWS = [
  'L01,,p,lead-forward,pre,2025-01-10,self,tydlighet,4',
  'C01,L01,p,lead-forward,pre,2025-01-10,manager,tydlighet,3.5',
  'K1,L01,p,lead-forward,pre,2025-01-10,peer,tydlighet,4',
  'K1,L02,p,lead-forward,pre,2025-01-10,peer,tydlighet,3',
  ',l02 ,p,lead-forward,pre,2025-01-10,self,tydlighet,3.5',
  'C01,C01,p,lead-forward,pre,2025-01-10,self,tydlighet,5',
  'C00,C01,p,lead-forward,pre,2025-01-10,manager,tydlighet,4.5',
  'L01,L01,p,lead-forward,post,2025-06-10,self,tydlighet,5',
  'C01,L01,p,lead-forward,post,2025-06-10,manager,tydlighet,4',
];

/** Leaders rated by themselves, a manager and two employees each, over `minBytes` of CSV; each manager is the next leader. */
function largeCsv(minBytes: number, spellManager: (id: string, i: number) => string = (id) => id): string {
  const lines = [HEADER];
  let bytes = 0;
  for (let i = 0; bytes < minBytes; i++) {
    const leader = `leader-${i}@kommunen.example`;
    // The manager of leader i is leader i + 1: a respondent here, rated as a leader on later rows.
    const manager = `leader-${i + 1}@kommunen.example`;
    for (const wave of ['pre', 'post'] as const) {
      const date = wave === 'pre' ? '2025-01-10' : '2025-06-10';
      for (const dimension of ['tydlighet', 'tillit']) {
        // Every other self-rating spells the id in capitals, in the leader column only.
        const self = i % 2 === 0 ? `${leader},,` : `,${leader.toUpperCase()},`;
        const rows = [
          `${self}p,lead-forward,${wave},${date},self,${dimension},4`,
          `${spellManager(manager, i)},${leader},p,lead-forward,${wave},${date},manager,${dimension},4.5`,
          `${leader}-m1,${leader},p,lead-forward,${wave},${date},employee,${dimension},3.5`,
          `${leader}-m2,${leader},p,lead-forward,${wave},${date},employee,${dimension},5`,
        ];
        for (const row of rows) {
          lines.push(row);
          bytes += row.length + 1;
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

interface Ingested {
  rows: AssessmentRow[];
  json: string;
  logged: Record<string, unknown>[];
}

async function ingest(fileName: string, text: string, withThread: boolean): Promise<Ingested> {
  const bytes = new TextEncoder().encode(text);
  const chunks: RowChunk[] = [];
  const logged: Record<string, unknown>[] = [];
  const table = {
    getFile: async () => undefined,
    getClientInstruments: async () => [],
    getMappings: async () => [],
    claimContent: async () => undefined,
    // No other file in the client-year: nothing counted elsewhere.
    readClientYear: async () => ({ files: [], chunks: [], rejections: [] }),
    bumpChangeSeq: async () => 1,
    putRowChunks: async (_client: string, _year: number, _fileId: string, _ingestId: string, written: Iterable<RowChunk> | AsyncIterable<RowChunk>) => {
      for await (const chunk of written) chunks.push(chunk);
      return chunks.length;
    },
    commitFile: async (_client: string, _year: number, _record: FileRecord) => true,
    // No upload URL was handed out: the file was put in the bucket directly.
    uploaderOf: async () => undefined,
    clearRejection: async () => undefined,
    appendAudit: async () => undefined,
  };
  const deps: IngestDeps = {
    table: table as unknown as EffektTable,
    blobs: { get: async () => ({ bytes, lastModified: new Date('2025-07-01T00:00:00Z') }) } as unknown as Blobs,
    computeQueue: { send: async () => undefined } as unknown as QueueSender,
    mailer: {} as Mailer,
    pseudonymKey: async () => key,
    ...(withThread ? { pseudonymThread: thread } : {}),
    settings: { uploadsBucket: 'uploads', quarantineBucket: 'quarantine', senderEmail: 'effekt@example.se', coalesceSeconds: 1 },
    logger: { appendKeys: () => undefined, info: (_message: string, detail: Record<string, unknown>) => logged.push(detail), warn: () => undefined } as unknown as Logger,
    now: () => new Date('2025-07-01T00:00:00Z'),
  };
  const outcome = await ingestObject(deps, { key: `${CLIENT}/2025/${fileName}`, sequencer: '0001' });
  expect(outcome).toMatchObject({ status: 'committed' });
  return { rows: chunks.flatMap((c) => unpackAssessments(c.json)), json: chunks.map((c) => c.json).join('\n'), logged };
}

async function rawRows(fileName: string, text: string): Promise<AssessmentRow[]> {
  const parsed = await parseDataFile({ fileName, bytes: new TextEncoder().encode(text), instruments: instrumentCatalog([]) });
  if (!parsed.ok || parsed.kind !== 'assessment') throw new Error(`refused: ${JSON.stringify(parsed)}`);
  return parsed.rows;
}

/** Each stored row's respondent and leader are the pseudonyms of the raw row's, made with the one key. */
function expectPseudonymised(stored: AssessmentRow[], raw: AssessmentRow[]): void {
  expect(stored).toHaveLength(raw.length);
  const expected = raw.map((r) => ({ ...r, respondent: pseudonym(key, CLIENT, r.respondent), leader: pseudonym(key, CLIENT, r.leader) }));
  expect(stored).toEqual(expected);
}

describe('ingest pseudonymises the leader like the respondent', () => {
  it('gives one raw id one pseudonym as respondent and as leader (inline path)', async () => {
    const text = `${[HEADER, ...SMALL_ROWS].join('\n')}\n`;
    const { rows, json } = await ingest('360.csv', text, true);
    expectPseudonymised(rows, await rawRows('360.csv', text));
    // As whole values: a random pseudonym may contain "K1" by chance.
    for (const raw of ['L01', 'L02', 'C01', 'C00', 'K1']) expect(json).not.toContain(`"${raw}"`);

    const of = (id: string) => pseudonym(key, CLIENT, id);
    // C01 answers as L01's manager and rates itself; C00 rates C01: one pseudonym in all three places.
    expect(rows[1]).toMatchObject({ respondent: of('C01'), leader: of('L01'), rater: 'manager' });
    expect(rows[5]).toMatchObject({ respondent: of('C01'), leader: of('C01'), rater: 'self' });
    expect(rows[6]).toMatchObject({ respondent: of('C00'), leader: of('C01'), rater: 'manager' });
    // The self-rating written only as " l02" in the leader column is L02's, as the peer's rating of L02 says.
    expect(rows[4]).toMatchObject({ respondent: of('L02'), leader: of('L02') });
    expect(rows[3]).toMatchObject({ respondent: of('K1'), leader: of('L02') });
    // L01's self-rating (leader left empty) and the ratings of L01 by others name one leader.
    expect(new Set([rows[0]!.leader, rows[1]!.leader, rows[2]!.leader, rows[7]!.leader])).toEqual(new Set([of('L01')]));
  });

  it('gives one raw id one pseudonym as respondent and as leader on the pseudonymisation thread (large file)', async () => {
    const text = largeCsv(PARALLEL_PSEUDONYMS_MIN_BYTES + 64 * 1024);
    expect(text.length).toBeGreaterThanOrEqual(PARALLEL_PSEUDONYMS_MIN_BYTES);
    const { rows, json, logged } = await ingest('360-stor.csv', text, true);
    expectPseudonymised(rows, await rawRows('360-stor.csv', text));
    expect(json).not.toContain('@kommunen.example');
    // The thread answered every id where the walk expected it: none was hashed inline.
    expect(logged.find((detail) => detail.pseudonymThread === true)).toMatchObject({ pseudonymsHashedInline: 0 });
    // leader-1 is rated (rows of leader 1) and rates leader 0 as its manager: the same pseudonym.
    const of = (id: string) => pseudonym(key, CLIENT, id);
    const asManager = rows.find((r) => r.rater === 'manager' && r.respondent === of('leader-1@kommunen.example'));
    const asLeader = rows.find((r) => r.rater === 'employee' && r.leader === of('leader-1@kommunen.example'));
    const asSelf = rows.find((r) => r.rater === 'self' && r.leader === of('leader-1@kommunen.example'));
    expect(asManager?.leader).toBe(of('leader-0@kommunen.example'));
    expect(asLeader).toBeDefined();
    expect(asSelf?.respondent).toBe(of('leader-1@kommunen.example'));
  });

  it('gives every spelling of one id (case, fullwidth, zero-width and format characters, spaces) one pseudonym on both paths', async () => {
    const fullwidth = (id: string) => id.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const spellings = [(id: string) => id, (id: string) => `\u200b${id.toUpperCase()}`, (id: string) => fullwidth(id), (id: string) => ` ${id.replace('-', '-\u2060')}\u00a0`];
    const of = (id: string) => pseudonym(key, CLIENT, id);

    const small = `${[HEADER, 'L01,,p,lead-forward,pre,2025-01-10,self,tydlighet,4', `${fullwidth('C01')},\u200bl01,p,lead-forward,pre,2025-01-10,manager,tydlighet,3.5`, `c01\ufeff,,p,lead-forward,pre,2025-01-10,self,tydlighet,5`].join('\n')}\n`;
    const inline = await ingest('360-stavning.csv', small, false);
    expect(inline.rows.map((r) => [r.respondent, r.leader])).toEqual([
      [of('L01'), of('L01')],
      [of('C01'), of('L01')],
      [of('C01'), of('C01')],
    ]);

    const text = largeCsv(PARALLEL_PSEUDONYMS_MIN_BYTES + 64 * 1024, (id, i) => spellings[i % spellings.length]!(id));
    const threaded = await ingest('360-stavning-stor.csv', text, true);
    expect(threaded.logged.find((detail) => detail.pseudonymThread === true)).toMatchObject({ pseudonymsHashedInline: 0 });
    // leader-i+1 manages leader-i, spelled four ways; as a manager it has the pseudonym it has as a leader.
    for (const i of [0, 1, 2, 3]) {
      const manager = `leader-${i + 1}@kommunen.example`;
      const asManager = threaded.rows.filter((r) => r.rater === 'manager' && r.leader === of(`leader-${i}@kommunen.example`));
      expect(asManager.length).toBeGreaterThan(0);
      for (const row of asManager) expect(row.respondent).toBe(of(manager));
      expect(threaded.rows.some((r) => r.rater === 'employee' && r.leader === of(manager))).toBe(true);
    }
  });
});
