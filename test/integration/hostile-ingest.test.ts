import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blobs } from '../../functions/aws/blobs.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

// Issue 23 at ingest: one person one count across files, file names written two ways, unsafe names.
// A row another file of the client-year already counts is refused naming both files and lines (the parser
// refuses such rows within one file).

const GOOD = 'test/fixtures/files/good';
const CROSS = 'test/fixtures/cross-file';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: ['ingest'] });
});

afterAll(async () => {
  await pipeline.stop();
});

async function filesOf(clientId: string) {
  return (await pipeline.table.listFiles(clientId, 2025)).map((f) => [f.fileName, f.rows]).sort();
}

describe('a row counted in another file of the year', () => {
  it('refuses a late reaction file repeating a response (another spelling of the id), naming both files and lines', async () => {
    await pipeline.putFile('dupa', 2025, `${GOOD}/reaktioner.csv`);
    await pipeline.settle();
    await pipeline.putFile('dupa', 2025, `${CROSS}/sena-svar.csv`);
    await pipeline.settle();
    const [rejection] = await pipeline.table.listRejections('dupa', 2025);
    expect(rejection).toMatchObject({ fileName: 'sena-svar.csv', totalProblems: 1, problems: [{ rule: 'duplicate-response', line: 3, column: 'respondent' }] });
    // R04 is on line 6 of reaktioner.csv: R03's comment spans two lines.
    expect(rejection!.problems[0]!.message).toContain('reaktioner.csv line 6');
    expect(rejection!.problems[0]!.message).toContain('sena-svar.csv line 3');
    expect(await filesOf('dupa')).toEqual([['reaktioner.csv', 12]]);
  });

  it('refuses an assessment file repeating a leader\'s score from another file', async () => {
    await pipeline.putFile('dupb', 2025, `${GOOD}/bedomning.csv`);
    await pipeline.settle();
    await pipeline.putFile('dupb', 2025, `${CROSS}/bedomning-komplettering.csv`);
    await pipeline.settle();
    const [rejection] = await pipeline.table.listRejections('dupb', 2025);
    expect(rejection).toMatchObject({ fileName: 'bedomning-komplettering.csv', problems: [{ rule: 'duplicate-score', line: 3 }] });
    expect(rejection!.problems[0]!.message).toContain('bedomning.csv line 3');
    expect(await filesOf('dupb')).toEqual([['bedomning.csv', 36]]);
  });

  it('accepts a file of new people, and a corrected upload of the same file name', async () => {
    await pipeline.putFile('dupc', 2025, `${GOOD}/reaktioner.csv`);
    await pipeline.settle();
    await pipeline.putFile('dupc', 2025, `${CROSS}/nya-deltagare.csv`);
    const corrected = (await readFile(`${GOOD}/reaktioner.csv`, 'utf8')).replace('R02,ledarskap-bas,2025-05-14,7,7,8,', 'R02,ledarskap-bas,2025-05-14,6,7,8,');
    await pipeline.put('dupc/2025/reaktioner.csv', corrected);
    await pipeline.settle();
    expect(await pipeline.table.listRejections('dupc', 2025)).toEqual([]);
    expect(await filesOf('dupc')).toEqual([
      ['nya-deltagare.csv', 2],
      ['reaktioner.csv', 12],
    ]);
  });
});

describe('one file name written two ways (NFC and NFD)', () => {
  const nfc = 'dupd/2025/Åsa-svar.csv'.normalize('NFC');
  const nfd = nfc.normalize('NFD');

  it('refuses the second spelling as a collision naming both, and deleting it never erases the first one\'s rows', async () => {
    expect(nfd).not.toBe(nfc);
    await pipeline.put(nfc, await readFile(`${GOOD}/reaktioner.csv`));
    await pipeline.settle();
    await pipeline.put(nfd, await readFile(`${CROSS}/nya-deltagare.csv`));
    await pipeline.settle();
    const [rejection] = await pipeline.table.listRejections('dupd', 2025);
    expect(rejection).toMatchObject({ fileName: 'Åsa-svar.csv'.normalize('NFC'), problems: [{ rule: 'name-collision' }] });
    expect(rejection!.problems[0]!.message).toMatch(/\(NFD: .*U\+030A.*\) is the same name as .*\(NFC: U\+00C5\)/);
    expect(await filesOf('dupd')).toEqual([['Åsa-svar.csv'.normalize('NFC'), 12]]);
    // A delete of the other spelling (its object is already in quarantine) leaves the stored file alone.
    await pipeline.remove(nfd);
    await pipeline.settle();
    expect(await filesOf('dupd')).toEqual([['Åsa-svar.csv'.normalize('NFC'), 12]]);
    // Deleting the file's own object still erases its rows.
    await pipeline.remove(nfc);
    await pipeline.settle();
    expect(await filesOf('dupd')).toEqual([]);
  });
});

describe('a file name with a control character or a bidirectional override', () => {
  it('is refused by the upload route and, put into the bucket directly, quarantined as unroutable with its name escaped', async () => {
    const { uploadFilenameSchema } = await import('../../functions/api/routes/uploads.ts');
    for (const name of ['rapport\u202Efdp.csv', 'svar\u001b[2J.csv', 'svar\u0085.csv']) expect(uploadFilenameSchema.safeParse(name).success).toBe(false);
    const key = 'dupe/2025/rapport\u202Efdp.csv';
    await pipeline.put(key, await readFile(`${GOOD}/reaktioner.csv`));
    await pipeline.settle();
    expect(await filesOf('dupe')).toEqual([]);
    const blobs = new Blobs(pipeline.runtime.aws.s3);
    const report = await blobs.get(pipeline.runtime.names.quarantineBucket, `unroutable/${key}.errors.json`);
    expect(report).toBeDefined();
    const { problems } = JSON.parse(new TextDecoder().decode(report!.bytes)) as { problems: { rule: string; message: string }[] };
    expect(problems[0]).toMatchObject({ rule: 'key-layout', message: expect.stringContaining('U+202E') });
    expect(problems[0]!.message).not.toContain('\u202E');
    expect(await blobs.exists(pipeline.runtime.names.uploadsBucket, key)).toBe(false);
  });
});
