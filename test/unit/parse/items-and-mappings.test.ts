/** Item-level rows (wide and long), item scoring rules, and what a mapping file may and may not say. */
import { describe, expect, it } from 'vitest';
import { scoreItems } from '../../../functions/core/metrics/items.ts';
import { instrumentDefinitionSchema, type AssessmentRow, type InstrumentDefinition, type NamedMapping } from '../../../functions/core/model/index.ts';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { detail } from '../../../functions/core/parse/messages/index.ts';
import { toolDate } from '../../../functions/core/parse/mapping/apply.ts';
import { diceSimilarity, guessFromFileName } from '../../../functions/core/parse/mapping/propose.ts';
import { cronbachAlpha } from '../../../functions/core/stats/reliability.ts';
import { builtInInstruments } from './instruments.ts';

const encode = (text: string) => new TextEncoder().encode(text);

const index: InstrumentDefinition = instrumentDefinitionSchema.parse({
  id: 'index',
  name: 'Index',
  level: 'behaviour',
  scale: { min: 1, max: 5 },
  dimensions: [
    { id: 'a', label: { sv: 'A', en: 'A' } },
    { id: 'b', label: { sv: 'B', en: 'B' } },
  ],
  items: [
    { id: 'a1', dimension: 'a', label: { sv: 'Fråga ett', en: 'Question one' } },
    { id: 'a2', dimension: 'a', label: { sv: 'Fråga två', en: 'Question two' } },
    { id: 'a3', dimension: 'a', reverse: true, label: { sv: 'Fråga tre', en: 'Question three' } },
    { id: 'b1', dimension: 'b', label: { sv: 'Fråga fyra', en: 'Question four' } },
    { id: 'b2', dimension: 'b', label: { sv: 'Fråga fem', en: 'Question five' } },
  ],
});
const instruments = new Map([...builtInInstruments(), [index.id, index]]);

async function parse(fileName: string, text: string, mappings: NamedMapping[] = []) {
  return parseDataFile({ fileName, bytes: encode(text), instruments, mappings });
}

describe('item-level rows', () => {
  it('reads one column per item (by id or question text) and long rows with an item column alike', async () => {
    const wide = await parse('w.csv', 'respondent,program,instrument,wave,date,a1,Fråga två,a3\nL1,p,index,pre,2025-01-01,4,5,2\n');
    const long = await parse('l.csv', 'respondent,program,instrument,wave,date,item,score\nL1,p,index,pre,2025-01-01,a1,4\nL1,p,index,pre,2025-01-01,Question two,5\nL1,p,index,pre,2025-01-01,a3,2\n');
    expect(wide.ok && long.ok).toBe(true);
    if (!wide.ok || !long.ok || wide.kind !== 'assessment' || long.kind !== 'assessment') return;
    expect(long.rows).toEqual(wide.rows);
    expect(wide.rows.map((r) => [r.dimension, r.item, r.score])).toEqual([
      ['a', 'a1', 4],
      ['a', 'a2', 5],
      ['a', 'a3', 2],
    ]);
  });

  it('refuses an item the instrument does not have, and the same item twice', async () => {
    const outcome = await parse('l.csv', 'respondent,program,instrument,wave,date,item,score\nL1,p,index,pre,2025-01-01,a9,4\nL1,p,index,pre,2025-01-01,a1,4\nL1,p,index,pre,2025-01-01,a1,3\n');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.rule, p.line])).toEqual([
      ['unknown-dimension', 2],
      ['duplicate-score', 4],
    ]);
  });

  it('refuses an instrument whose items name no dimension of it or repeat an id', async () => {
    const broken = { ...index, items: [{ id: 'a1', dimension: 'x', label: { sv: 'F', en: 'Q' } }, { id: 'a1', dimension: 'a', label: { sv: 'F', en: 'Q' } }] };
    const outcome = await parseDataFile({ fileName: 'x.instrument.json', bytes: encode(JSON.stringify(broken)), instruments });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => p.column)).toEqual(['items[0].dimension', 'items[1].id']);
  });
});

describe('item scoring', () => {
  const row = (respondent: string, wave: 'pre' | 'post', item: string, score: number): AssessmentRow => ({
    respondent,
    leader: respondent,
    program: 'p',
    instrument: 'index',
    wave,
    date: '2025-01-01',
    rater: 'self',
    dimension: item.startsWith('a') ? 'a' : 'b',
    item,
    score,
  });

  it('averages the answered items after reverse-keying, needs half of them rounded up, and counts the rest', () => {
    const scored = scoreItems(
      [
        row('L1', 'pre', 'a1', 4), row('L1', 'pre', 'a2', 5), row('L1', 'pre', 'a3', 2),
        // Two of three: enough. One of two: enough (ceil(2/2) = 1). One of three: not enough.
        row('L2', 'pre', 'a1', 3), row('L2', 'pre', 'a3', 5), row('L2', 'pre', 'b1', 4),
        row('L3', 'pre', 'a2', 4),
      ],
      instruments,
    );
    const score = (respondent: string, dimension: string) => scored.rows.find((r) => r.respondent === respondent && r.dimension === dimension)?.score;
    expect(score('L1', 'a')).toBeCloseTo((4 + 5 + (1 + 5 - 2)) / 3, 12);
    expect(score('L2', 'a')).toBeCloseTo((3 + 1) / 2, 12);
    expect(score('L2', 'b')).toBe(4);
    expect(score('L3', 'a')).toBeUndefined();
    expect(scored.incompleteResponses).toEqual([{ instrument: 'index', dimension: 'a', responses: 1 }]);
    expect(scored.rows.every((r) => r.item === undefined)).toBe(true);
    // Alpha only from complete pre responses: one complete response of dimension a is too few.
    expect(scored.reliability).toEqual([]);
  });

  it('gives alpha 1 no interval, and no alpha without variance in the totals', () => {
    expect(cronbachAlpha([[1, 1], [2, 2], [3, 3]])).toEqual({ alpha: 1, n: 3, items: 2 });
    expect(cronbachAlpha([[1, 3], [2, 2], [3, 1]])).toBeUndefined();
  });
});

describe('mapping files', () => {
  const refusal = async (mapping: unknown) => {
    const outcome = await parseDataFile({ fileName: 'm.mapping.json', bytes: encode(JSON.stringify(mapping)), instruments });
    return outcome.ok ? [] : outcome.problems.map((p) => [p.rule, p.column]);
  };

  it('refuses broken mappings with the JSON path of each problem', async () => {
    expect(await refusal({ dataset: 'survey', columns: {} })).toEqual([['invalid-mapping', 'dataset']]);
    expect(await refusal({ dataset: 'reaction', columns: { 'Fråga 1': 'tydlighet' }, ignore: ['Fråga 1'], values: { nps: { Hög: 10 } } })).toEqual([
      ['invalid-mapping', 'columns["Fråga 1"]'],
      ['invalid-mapping', 'ignore[0]'],
      ['invalid-mapping', 'values.nps'],
    ]);
    expect(await refusal({ dataset: 'assessment', columns: { A: 'respondent', B: 'respondent', C: 'wave' }, constants: { wave: 'pre' } })).toEqual([
      ['invalid-mapping', 'columns["B"]'],
      ['invalid-mapping', 'constants.wave'],
    ]);
  });

  it('folds e-mail ids, translates answers and adds constants; unmapped, unignored columns are still unknown', async () => {
    const mapping: NamedMapping = {
      fileName: 'm.mapping.json',
      mapping: {
        dataset: 'assessment',
        columns: { 'E-post': 'respondent', '  När  svarade du? ': 'wave', 'Fråga ett': 'a1' },
        ignore: ['Tidstämpel'],
        constants: { program: 'p', instrument: 'index', date: '2025-02-03' },
        values: { wave: { före: 'pre', EFTER: 'post' }, a1: { ofta: 4 } },
      },
    };
    const text = 'Tidstämpel,E-post,När svarade du?,Fråga ett\nx," Anna@X.se ",Före,Ofta\nx,anna@x.se,efter,5\n';
    const outcome = await parse('export.csv', text, [mapping]);
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (outcome.ok && outcome.kind === 'assessment') {
      expect(outcome.rows.map((r) => [r.respondent, r.wave, r.item, r.score, r.program, r.date])).toEqual([
        ['anna@x.se', 'pre', 'a1', 4, 'p', '2025-02-03'],
        ['anna@x.se', 'post', 'a1', 5, 'p', '2025-02-03'],
      ]);
    }
    const extra = await parse('export.csv', text.replace('Fråga ett\n', 'Fråga ett,Extra\n'), [mapping]);
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.problems.map((p) => [p.rule, p.column])).toEqual([['unknown-column', 'Extra']]);
    // A mapping naming a header the file lacks does not fit: the export is read as a canonical file.
    const other = await parse('export.csv', text.replace('Tidstämpel', 'Tid'), [mapping]);
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.problems.map((p) => p.rule)).toEqual(['no-mapping', 'unrecognised-layout']);
  });

  it('reads survey tools’ dates, month first unless told day first', () => {
    expect(toolDate('2025/02/03 8:14:09 fm CET', false)).toBe('2025-02-03');
    expect(toolDate('2/3/2025 10:15:22 AM', false)).toBe('2025-02-03');
    expect(toolDate('2/3/2025', true)).toBe('2025-03-02');
    expect(toolDate('3.2.2025 10:15', false)).toBe('2025-02-03');
    expect(toolDate('vecka 6', false)).toBeUndefined();
  });

  it('measures similarity by the Dice coefficient on bigrams and guesses programme and wave from the file name', () => {
    expect(diceSimilarity('night', 'nacht')).toBeCloseTo(0.25, 12);
    expect(diceSimilarity('Hur nöjd är du?', 'hur nojd ar du')).toBe(1);
    expect(guessFromFileName('Ledarskap Bas efter (Google Forms) 2025.csv')).toEqual({ program: 'ledarskap-bas', wave: 'post' });
  });
});

describe('messages about an export read through a mapping', () => {
  it('name the column as exported, not as mapped', async () => {
    const mapping: NamedMapping = {
      fileName: 'm.mapping.json',
      mapping: { dataset: 'assessment', columns: { 'E-post': 'respondent', 'Hur ofta?': 'a1' }, constants: { program: 'p', instrument: 'index', wave: 'pre', date: '2025-02-03' }, values: { a1: { Ofta: 4 } } },
    };
    const outcome = await parse('export.csv', 'E-post,Hur ofta?\nanna@x.se,Ofttta\n', [mapping]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => [p.rule, p.line, p.column])).toEqual([['not-a-number', 2, 'Hur ofta?']]);
  });
});

describe('a mapping that names an item no instrument has', () => {
  it('is refused at the exported column, naming the target', async () => {
    const mapping: NamedMapping = { fileName: 'm.mapping.json', mapping: { dataset: 'assessment', columns: { 'E-post': 'respondent', 'Hur ofta?': 'a9' }, constants: { program: 'p', instrument: 'index', wave: 'pre', date: '2025-02-03' } } };
    const outcome = await parse('export.csv', 'E-post,Hur ofta?\nanna@x.se,4\n', [mapping]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      // With its only item column unknown, the file has no scores either.
      expect(outcome.problems.map((p) => [p.rule, p.column])).toEqual([
        ['unknown-column', 'Hur ofta?'],
        ['missing-column', 'dimension'],
      ]);
      expect(outcome.problems[0]?.message).toBe(`export.csv line 1, column Hur ofta?: ${detail.mappedToUnknown('Hur ofta?', 'a9', 'assessment')}`);
    }
  });
});
