/** Programme descriptions (`<programme-id>.program.json`): read whole or refused with file, JSON path and rule. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProgramDesignFile, programIdOfDesignFile } from '../../../functions/core/model/index.ts';
import { parseDataFile, type ParseOutcome } from '../../../functions/core/parse/index.ts';
import { localizedProblem } from '../../../functions/core/parse/messages/index.ts';
import { builtInInstruments, REPO_ROOT } from './instruments.ts';

const instruments = builtInInstruments();
const parse = (fileName: string, text: string): Promise<ParseOutcome> => parseDataFile({ fileName, bytes: new TextEncoder().encode(text), instruments });
const example = (name: string) => readFileSync(join(REPO_ROOT, 'examples', 'sodertalje', '2025', name), 'utf8');
const valid = () => JSON.parse(example('ledarprogram.program.json')) as Record<string, unknown>;

async function refusal(fileName: string, document: unknown) {
  const outcome = await parse(fileName, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  if (outcome.ok) throw new Error(`${fileName} was accepted`);
  return outcome.problems;
}

describe('programme description files', () => {
  it('are recognised by name, and the name before .program.json is the programme id', () => {
    expect(isProgramDesignFile('sodertalje/2025/ledarprogram.program.json')).toBe(true);
    expect(isProgramDesignFile('Ledarprogram.PROGRAM.JSON')).toBe(true);
    expect(isProgramDesignFile('.program.json')).toBe(false);
    expect(isProgramDesignFile('ledarprogram.json')).toBe(false);
    expect(programIdOfDesignFile('sodertalje/2025/ledningsgrupp.program.json')).toBe('ledningsgrupp');
  });

  it('reads both example descriptions whole', async () => {
    for (const [file, id, sessions] of [['ledarprogram.program.json', 'ledarprogram', 6], ['ledningsgrupp.program.json', 'ledningsgrupp', 4]] as const) {
      const outcome = await parse(file, example(file));
      expect(outcome).toMatchObject({ ok: true, kind: 'program', programId: id, design: { sessions } });
    }
  });

  it('refuses an unknown key, naming it as the JSON path', async () => {
    const problems = await refusal('ledarprogram.program.json', { ...valid(), coffee: true, delivery: { mode: 'virtual', selfAdministered: false, platform: 'Teams' } });
    expect(problems.map((p) => [p.rule, p.column])).toEqual(expect.arrayContaining([['invalid-program', 'coffee'], ['invalid-program', 'delivery.platform']]));
    expect(problems.every((p) => p.file === 'ledarprogram.program.json')).toBe(true);
  });

  it('refuses values outside the schema at their JSON path', async () => {
    const problems = await refusal('ledarprogram.program.json', {
      ...valid(),
      location: 'remote',
      deliveryMethods: ['practice', 'practice'],
      sessions: 0,
      startDate: '2025-02-30',
      displayName: { sv: 'Ledarskap' },
    });
    const paths = problems.map((p) => p.column);
    expect(paths).toEqual(expect.arrayContaining(['location', 'deliveryMethods', 'sessions', 'startDate', 'displayName.en']));
    expect(problems.find((p) => p.column === 'sessions')?.message).toBe('ledarprogram.program.json column sessions: sessions: must be at least 1.');
  });

  it('refuses descriptions that contradict themselves', async () => {
    const problems = await refusal('ledarprogram.program.json', {
      ...valid(),
      endDate: '2024-12-01',
      feedback: { given: true, sources: [] },
    });
    expect(problems.map((p) => p.column)).toEqual(expect.arrayContaining(['endDate', 'feedback.sources']));
    const oneSession = await refusal('ledarprogram.program.json', { ...valid(), sessions: 1, weeksSpanned: 3 });
    expect(oneSession.map((p) => p.column)).toEqual(['weeksSpanned']);
    const tooManyWeeks = await refusal('ledarprogram.program.json', { ...valid(), weeksSpanned: 60 });
    expect(tooManyWeeks.map((p) => p.column)).toEqual(['weeksSpanned']);
  });

  it('refuses invalid JSON with its line, and a file name that is no programme id', async () => {
    const broken = await refusal('ledarprogram.program.json', '{\n  "sessions": 3,\n  oops\n}');
    expect(broken[0]).toMatchObject({ rule: 'invalid-json', line: 3 });
    const badName = await refusal('Mitt Program!.program.json', valid());
    expect(badName[0]).toMatchObject({ rule: 'invalid-program', value: 'Mitt Program!' });
  });

  it('tells the consultant in Swedish and English which rule the file broke', async () => {
    const [problem] = await refusal('ledarprogram.program.json', { ...valid(), attendance: 'sometimes' });
    expect(problem).toBeDefined();
    expect(localizedProblem(problem!, 'sv')).toContain('programbeskrivningen följer inte schemat');
    expect(localizedProblem(problem!, 'sv')).toContain('attendance');
    expect(localizedProblem(problem!, 'en')).toContain('the programme description breaks the programme description schema');
  });
});
