import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../../cli/commands/serve.ts';
import { keys } from '../../../functions/core/model/index.ts';
import { validatorFor } from '../../unit/api/openapi-helpers.ts';
import { call, settle, startApi, uploadViaApi } from './helpers.ts';

/**
 * Which years a consultant is offered, through `effekt serve` over real HTTP: a year whose only upload was
 * refused is listed (apart from the years with figures) so that its refusal can be read, and so is a year
 * whose data were deleted or erased; neither passes for a year with figures.
 */

const REACTIONS = resolve(import.meta.dirname, '../../../examples/sodertalje/2023/reaktioner-ledarprogram.csv');
const CLIENT = `ar-${randomUUID().slice(0, 8)}`;
const PERSON = 'ensam.person@kund.example';

interface YearList {
  years: number[];
  yearsWithoutFigures: number[];
}

interface FileEntry {
  name: string;
  status: string;
  rows?: number;
  problems?: { line?: number; column?: string; rule: string; text: string }[];
}

let serving: Serving;
let anna: string;

const years = async () => {
  const reply = await call<YearList>(serving, 'GET', `/v1/clients/${CLIENT}/years`, { token: anna });
  expect(reply.status).toBe(200);
  expect(validatorFor({ $ref: '#/components/schemas/YearList' })(reply.body)).toBe(true);
  return reply.body;
};

const filesOf = async (year: number) => (await call<{ files: FileEntry[] }>(serving, 'GET', `/v1/clients/${CLIENT}/years/${year}/files`, { token: anna })).body.files;

beforeAll(async () => {
  serving = await startApi();
  const admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  anna = await serving.token({ sub: 'anna', groups: ['consultant'], clients: [CLIENT] });
  await call(serving, 'PUT', `/v1/clients/${CLIENT}`, { token: admin, body: { clientId: CLIENT, displayName: 'Årskund' } });
  const accepted = new Uint8Array(await readFile(REACTIONS));
  // 2023: figures. 2026: its first and only upload refused. 2021: a file deleted after it was counted.
  // 2020: one person's file, then the person erased (the file stays, with no row).
  await uploadViaApi(serving, anna, CLIENT, 2023, 'reaktioner.csv', accepted);
  await uploadViaApi(serving, anna, CLIENT, 2026, 'reaktioner-2026.csv', new TextEncoder().encode('deltagare;program;datum;nöjdhet;nytta;rekommendation\nx@kund.example;ledarprogram;inte-ett-datum;11;10;9\n'));
  await uploadViaApi(serving, anna, CLIENT, 2021, 'reaktioner.csv', accepted);
  await uploadViaApi(serving, anna, CLIENT, 2020, 'reaktioner.csv', new TextEncoder().encode(`deltagare;program;datum;nöjdhet;nytta;rekommendation\n${PERSON};ledarprogram;2020-05-20;9;9;9\n`));
  await settle(serving);
}, 180_000);

afterAll(async () => {
  await serving?.stop();
});

describe('GET /v1/clients/{clientId}/years', () => {
  it('lists a year whose only upload was refused apart from the years with figures, and its files give the refusal', async () => {
    const listed = await years();
    expect(listed.years).toEqual([2023, 2021, 2020]);
    expect(listed.yearsWithoutFigures).toEqual([2026]);
    const [refused, ...others] = await filesOf(2026);
    expect(others).toEqual([]);
    expect(refused).toMatchObject({ name: 'reaktioner-2026.csv', status: 'rejected' });
    expect(refused!.problems!.map((p) => [p.line, p.column, p.rule])).toEqual(
      expect.arrayContaining([
        [2, 'datum', 'invalid-date'],
        [2, 'nöjdhet', expect.any(String)],
      ]),
    );
  });

  it('moves a year whose data files were all deleted, or whose rows were all erased, to the years without figures', async () => {
    expect((await call(serving, 'DELETE', `/v1/clients/${CLIENT}/years/2021/files/reaktioner.csv`, { token: anna })).status).toBe(202);
    const erasure = await call<{ years: number[] }>(serving, 'POST', `/v1/clients/${CLIENT}/erasure`, { token: anna, body: { respondent: PERSON } });
    expect(erasure.status).toBe(202);
    expect(erasure.body.years).toEqual([2020]);
    await settle(serving);
    expect(await years()).toEqual({ years: [2023], yearsWithoutFigures: [2026, 2021, 2020] });
    // The erased year's file stays, without a row; no current report holds what it counted.
    expect((await filesOf(2020)).map((f) => [f.name, f.status, f.rows])).toEqual([['reaktioner.csv', 'accepted', 0]]);
    const { versions } = (await call<{ versions: { withdrawn?: object }[] }>(serving, 'GET', `/v1/clients/${CLIENT}/reports/2020`, { token: anna })).body;
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !v.withdrawn)).toEqual([]);
  });

  it('reads a metrics item stored before the count of data files was kept from its document', async () => {
    const { dynamodb } = serving.runtime.aws;
    for (const year of [2023, 2026]) {
      await dynamodb.send(new UpdateItemCommand({ TableName: serving.runtime.names.table, Key: marshall(keys.metrics(CLIENT, year)), UpdateExpression: 'REMOVE dataFiles' }));
    }
    expect(await years()).toEqual({ years: [2023], yearsWithoutFigures: [2026, 2021, 2020] });
  });
});
