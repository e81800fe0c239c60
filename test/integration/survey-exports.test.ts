/**
 * Survey-tool exports through the emulators (issue 21): an unmapped export is refused with a proposed
 * mapping (rejection record, quarantine, e-mail); with its mapping the export is read and the figures
 * carry alpha; changing the mapping re-reads the file and makes a new version, the same mapping again
 * changes nothing, and removing it takes the file's rows out.
 */
import { readFile } from 'node:fs/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappingSchema } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

const SURVEY = new URL('../fixtures/files/survey/', import.meta.url).pathname;
const EXPORT = 'Ledarskap Bas självskattning (svar).csv';
const reference = JSON.parse(await readFile(new URL('../fixtures/metrics/google-forms-items.json', import.meta.url), 'utf8')) as {
  change: { dimension: string; pairs: number; gav: number }[];
  reliability: { dimension: string; alpha: number }[];
};
const YEAR = 2025;
const clientId = 'enkatverktyg';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline({ coalesceSeconds: 1 });
  await pipeline.setSettings({ clientId, displayName: 'Testkund enkät', recipients: ['ledning@enkat.example'], consultantContact: 'konsult@enkat.example' });
});

afterAll(async () => {
  await pipeline.stop();
});

describe('survey-tool exports on the emulators', () => {
  it('refuses an unmapped export with a proposal, reads it with its mapping, and re-reads it when the mapping changes or goes', async () => {
    await pipeline.putFile(clientId, YEAR, `${SURVEY}ledarskapsindex.instrument.json`);
    await pipeline.settle();
    await pipeline.putFile(clientId, YEAR, `${SURVEY}google-forms-sv/${EXPORT}`);
    await pipeline.settle();

    const { rejections } = await pipeline.store.rows.readClientYear(clientId, YEAR);
    const rejection = rejections.find((r) => r.fileName === EXPORT);
    expect(rejection?.problems[0]?.rule).toBe('no-mapping');
    expect(rejection?.proposedMapping?.fileName).toBe('Ledarskap Bas självskattning (svar).mapping.json');
    const proposed = mappingSchema.parse(JSON.parse(rejection?.proposedMapping?.json ?? 'null'));
    expect(proposed.constants?.instrument).toBe('ledarskapsindex');
    const s3 = pipeline.runtime.aws.s3;
    const quarantined = await s3.send(new GetObjectCommand({ Bucket: pipeline.runtime.names.quarantineBucket, Key: `${clientId}/${YEAR}/${EXPORT}.proposed.mapping.json` }));
    expect(mappingSchema.parse(JSON.parse(await quarantined.Body!.transformToString()))).toEqual(proposed);
    const emails = await pipeline.emailsTo('konsult@enkat.example');
    expect(emails.at(-1)?.attachments.map((a) => a.filename)).toContain('Ledarskap Bas självskattning (svar).mapping.json');

    // The mapping, then the export again: read, with alpha from the data.
    const mapping = await readFile(`${SURVEY}google-forms-sv/ledarskap-bas.mapping.json`, 'utf8');
    await pipeline.put(`${clientId}/${YEAR}/ledarskap-bas.mapping.json`, mapping);
    await pipeline.settle();
    await pipeline.putFile(clientId, YEAR, `${SURVEY}google-forms-sv/${EXPORT}`);
    await pipeline.settle();
    const first = await pipeline.store.metrics.getMetrics(clientId, YEAR);
    expect(first?.sources.map((s) => [s.file, s.mapping])).toEqual([[EXPORT, 'ledarskap-bas.mapping.json']]);
    for (const expected of reference.change) {
      const entry = first?.change.find((e) => e.dimension === expected.dimension);
      expect(entry?.pairs).toBe(expected.pairs);
      expect(entry?.gav).toBeCloseTo(expected.gav, 4);
    }
    for (const expected of reference.reliability) expect(first?.reliability?.find((r) => r.dimension === expected.dimension)?.alpha).toBeCloseTo(expected.alpha, 4);
    const versions = async () => (await pipeline.store.reports.listReportVersions(clientId, YEAR)).map((v) => v.version);
    expect(await versions()).toEqual([1]);

    // A changed mapping re-reads the file: a new version with the new programme id.
    const changed = JSON.parse(mapping) as { constants: Record<string, string> };
    changed.constants.program = 'ledarskap-bas-vt25';
    await pipeline.put(`${clientId}/${YEAR}/ledarskap-bas.mapping.json`, JSON.stringify(changed, null, 2));
    await pipeline.settle();
    expect((await pipeline.store.metrics.getMetrics(clientId, YEAR))?.programs).toEqual(['ledarskap-bas-vt25']);
    expect(await versions()).toEqual([1, 2]);

    // The same mapping again changes nothing.
    await pipeline.put(`${clientId}/${YEAR}/ledarskap-bas.mapping.json`, JSON.stringify(changed, null, 2));
    await pipeline.settle();
    expect(await versions()).toEqual([1, 2]);

    // Without its mapping the export no longer reads: its rows stop counting, and it is refused with a proposal again.
    await pipeline.remove(`${clientId}/${YEAR}/ledarskap-bas.mapping.json`);
    await pipeline.settle();
    const after = await pipeline.store.rows.readClientYear(clientId, YEAR);
    expect(after.files).toEqual([]);
    expect(after.rejections.find((r) => r.fileName === EXPORT)?.problems[0]?.rule).toBe('no-mapping');
    expect((await pipeline.store.metrics.getMetrics(clientId, YEAR))?.change).toEqual([]);
  });

  it('refuses a mapping file with a broken schema, naming the JSON path', async () => {
    await pipeline.put(`${clientId}/${YEAR}/trasig.mapping.json`, JSON.stringify({ dataset: 'assessment', columns: { 'E-post': 'respondent' }, constants: { wave: 'mitt', colour: 'blå' } }));
    await pipeline.settle();
    const rejection = (await pipeline.store.rows.readClientYear(clientId, YEAR)).rejections.find((r) => r.fileName === 'trasig.mapping.json');
    expect(rejection?.problems.map((p) => p.rule)).toContain('invalid-mapping');
    expect(rejection?.problems.map((p) => p.column)).toContain('constants');
  });
});
