/**
 * The example client's 2025 programme descriptions through the pipeline: stored by ingest, carried by compute,
 * printed as one "Programmets utformning" section per programme and read back from the PDF. A broken
 * description is refused with file, JSON path and rule; a removed one takes its section with it.
 */
import { readdirSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSettingsSchema } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { elementsOf, readStructure } from '../helpers/pdf-structure.ts';

const EXAMPLE = new URL('../../examples/sodertalje/', import.meta.url).pathname;
const YEAR = 2025;
const CLIENT = 'sodertalje';
let pipeline: TestPipeline;

async function reportBytes(version: number): Promise<Uint8Array> {
  const pdf = await pipeline.runtime.aws.s3.send(new GetObjectCommand({ Bucket: pipeline.runtime.names.reportsBucket, Key: `${CLIENT}/${YEAR}/${version}.pdf` }));
  return pdf.Body!.transformToByteArray();
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

beforeAll(async () => {
  pipeline = await startTestPipeline({ coalesceSeconds: 1 });
  await pipeline.putFile(CLIENT, YEAR, `${EXAMPLE}sodertalje.client.json`);
  await pipeline.settle();
  const settings = await pipeline.table.getSettings(CLIENT);
  // Sent on its own: this test reads the report, not the review.
  await pipeline.table.putSettings(clientSettingsSchema.parse({ ...settings, delivery: 'auto' }));
  for (const name of readdirSync(`${EXAMPLE}2025`).sort()) await pipeline.putFile(CLIENT, YEAR, `${EXAMPLE}2025/${name}`);
  await pipeline.settle();
}, 300_000);

afterAll(async () => {
  await pipeline?.stop();
});

describe('the example client’s programme descriptions in the 2025 report', () => {
  it('print a design section for each programme, with its tagged table and summary sentence', async () => {
    const versions = await pipeline.table.listReportVersions(CLIENT, YEAR);
    const latest = versions.at(-1)!;
    expect(latest.status).toBe('ready');
    const bytes = await reportBytes(latest.version);
    const pages = (await pdfText(bytes)).map(flat);
    const ledarprogram = pages.find((p) => p.startsWith('Programmets utformning: Ledarskap i förändring'));
    const ledningsgrupp = pages.find((p) => p.startsWith('Programmets utformning: Ledningsgrupp i utveckling'));
    expect(ledarprogram).toContain('Programmet hade 5 av 7 utformningsdrag som forskningen förknippar med större effekter.');
    expect(ledarprogram).toContain('Mätt för programmet i år: reaktion, lärande, beteende, resultat.');
    expect(ledningsgrupp).toContain('Programmet hade 6 av 7 utformningsdrag som forskningen förknippar med större effekter.');
    expect(ledningsgrupp).toContain('Lärande mättes inte.');
    expect(ledningsgrupp).toContain('ett kunskapstest före och efter programmet');
    for (const page of [ledarprogram, ledningsgrupp]) expect(page).toContain('Den här jämförelsen visar inte att något av dragen orsakade just detta programs resultat');

    const structure = await readStructure(bytes);
    const designTables = elementsOf(structure, 'Table').filter((t) => t.children[0]?.children[0]?.text === 'Utformningsdrag');
    expect(designTables).toHaveLength(2);
    for (const table of designTables) {
      expect(table.children[0]!.children.map((c) => [c.role, c.text])).toEqual([['TH', 'Utformningsdrag'], ['TH', 'I programmet'], ['TH', 'Vad forskningen fann']]);
    }
  });

  it('refuses a broken description with file, JSON path and rule; a corrected one is read again', async () => {
    const before = await pipeline.table.getProgramDesigns(CLIENT, YEAR);
    const stored = before.find((d) => d.programId === 'ledningsgrupp')!;
    await pipeline.put(`${CLIENT}/${YEAR}/ledningsgrupp.program.json`, JSON.stringify({ ...stored.design, venue: 'Kursgården' }));
    await pipeline.settle();
    const rejection = (await pipeline.table.readClientYear(CLIENT, YEAR)).rejections.find((r) => r.fileName === 'ledningsgrupp.program.json');
    expect(rejection?.problems[0]).toMatchObject({ file: 'ledningsgrupp.program.json', column: 'venue', rule: 'invalid-program' });
    // Like a refused mapping, the refused file leaves the folder for quarantine, and with it the description.
    expect((await pipeline.table.getProgramDesigns(CLIENT, YEAR)).map((d) => d.programId)).toEqual(['ledarprogram']);
    await pipeline.put(`${CLIENT}/${YEAR}/ledningsgrupp.program.json`, `${JSON.stringify(stored.design, null, 2)}\n`);
    await pipeline.settle();
    expect((await pipeline.table.getProgramDesigns(CLIENT, YEAR)).map((d) => [d.programId, d.design])).toEqual(before.map((d) => [d.programId, d.design]));
  });

  it('drops a programme’s section when its description is removed, in a new version', async () => {
    const versionsBefore = (await pipeline.table.listReportVersions(CLIENT, YEAR)).length;
    await pipeline.remove(`${CLIENT}/${YEAR}/ledarprogram.program.json`);
    await pipeline.settle();
    const versions = await pipeline.table.listReportVersions(CLIENT, YEAR);
    expect(versions).toHaveLength(versionsBefore + 1);
    const text = flat((await pdfText(await reportBytes(versions.at(-1)!.version))).join(' '));
    expect(text).not.toContain('Programmets utformning: Ledarskap i förändring');
    expect(text).toContain('Programmets utformning: Ledningsgrupp i utveckling');
  });
});
