import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDataFile, RULES, type ParseOutcome } from '../../../functions/core/parse/index.ts';
import { escapeSpreadsheetCell } from '../../../functions/core/parse/spreadsheet-safe.ts';
import { parseDate, parseNumber, parseRater, parseWave } from '../../../functions/core/parse/values.ts';
import { readCsv } from '../../../functions/core/parse/csv.ts';
import { objectStartLines } from '../../../functions/core/parse/json.ts';
import { checkZip } from '../../../functions/core/parse/zip-guard.ts';
import { closest } from '../../../functions/core/parse/suggest.ts';
import { MAX_PROBLEMS_LISTED } from '../../../functions/core/model/index.ts';
import { detail } from '../../../functions/core/parse/messages/index.ts';
import { builtInInstruments, REPO_ROOT } from './instruments.ts';

const instruments = builtInInstruments();
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (fileName: string, text: string | Uint8Array): Promise<ParseOutcome> =>
  parseDataFile({ fileName, bytes: typeof text === 'string' ? encode(text) : text, instruments });

const REACTION_HEADER = 'respondent,program,date,satisfaction,usefulness,recommendation,comment';

describe('values', () => {
  it('reads decimal point and decimal comma alike, and nothing else', () => {
    expect(parseNumber('4,5')).toBe(4.5);
    expect(parseNumber(' 4.5 ')).toBe(4.5);
    expect(parseNumber('−2')).toBe(-2);
    expect(parseNumber(7)).toBe(7);
    for (const bad of ['', 'sju', '1.000,5', '4,5,6', '1e3', 'NaN', 'Infinity', '0x10']) expect(parseNumber(bad)).toBeUndefined();
  });

  it('reads ISO dates, Swedish Excel date-times and XLSX serials, and rejects impossible dates', () => {
    expect(parseDate('2025-05-14', false)).toBe('2025-05-14');
    expect(parseDate('2025-05-14 00:00', false)).toBe('2025-05-14');
    expect(parseDate('2025-05-14T08:30:00Z', false)).toBe('2025-05-14');
    expect(parseDate(45791, true)).toBe('2025-05-14');
    expect(parseDate(45791, false)).toBeUndefined();
    expect(parseDate(new Date('2025-05-14T00:00:00Z'), true)).toBe('2025-05-14');
    for (const bad of ['2025-02-29', '2025-13-01', '14/05/2025', '2025-5-14', '1899-12-31', '']) expect(parseDate(bad, false)).toBeUndefined();
  });

  it('reads wave and rater aliases case- and accent-insensitively', () => {
    expect(parseWave('FÖRE')).toBe('pre');
    expect(parseWave('efter')).toBe('post');
    expect(parseWave('Fore')).toBe('pre');
    expect(parseRater('Själv')).toBe('self');
    expect(parseRater('chef')).toBe('manager');
    expect(parseRater('Medarbetare')).toBe('employee');
    expect(parseRater('kollega')).toBe('peer');
    expect(parseRater('kund')).toBeUndefined();
  });

  it('suggests only plausible names', () => {
    expect(closest('nöjdhett', ['nöjdhet', 'nytta'])).toBe('nöjdhet');
    expect(closest('avdelning', ['nöjdhet', 'nytta', 'kommentar'])).toBeUndefined();
  });
});

describe('CSV reading', () => {
  it('keeps the line each record starts on, across quoted line breaks and CRLF', () => {
    const result = readCsv('a;b\r\n1;"x\r\ny"\r\n\r\n2;3\r\n');
    if (!result.ok) throw new Error(result.reason);
    expect(result.delimiter).toBe(';');
    expect([...result.table.rows].map((r) => [r.line, r.cells])).toEqual([
      [2, ['1', 'x\ny']],
      [4, ['']],
      [5, ['2', '3']],
    ]);
  });

  it('splits a quote-free file line by line: every line numbered, the header after leading blank lines', () => {
    const result = readCsv('\n ;\na;b\n1;2\n\n ;\t\n;x\n3');
    if (!result.ok) throw new Error(result.reason);
    expect([result.table.headerLine, result.table.headers]).toEqual([3, ['a', 'b']]);
    expect([...result.table.rows].map((r) => [r.line, r.cells])).toEqual([
      [4, ['1', '2']],
      [5, ['']],
      [6, [' ', '\t']],
      [7, ['', 'x']],
      [8, ['3']],
    ]);
    // Blank rows do not count, and counting stops one past the limit.
    expect([10, 2, 0].map((limit) => result.table.rows.countNonBlank(limit))).toEqual([3, 3, 1]);
  });

  it('names the line an unclosed quote opens on', async () => {
    const outcome = await parse('r.csv', `${REACTION_HEADER}\nR1,p,2025-01-01,1,1,1,ok\nR2,p,2025-01-01,1,1,1,"open\nR3,p,2025-01-01,1,1,1,ok\n`);
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'unclosed-quote', line: 3 }] });
  });

  it('refuses a quote that swallows whole records as unclosed-quote at the line it opens, and passes real multi-line comments', async () => {
    const swallowing = await parse('r.csv', `${REACTION_HEADER}\nR1,p,2025-01-01,1,1,1,"oops\nR2,p,2025-01-02,1,1,1,ok\nR3,p,2025-01-03,1,1,1,"fine"\n`);
    expect(swallowing).toMatchObject({ ok: false, problems: [{ rule: 'unclosed-quote', line: 2 }] });
    // A comment over three lines, one of them with commas and one with the header's number of fields but prose first.
    const comment = '"Bra dag.\nMer sånt, gärna, tack\nen bra, dag, med, mycket, att, göra, hej"';
    const real = await parse('r.csv', `${REACTION_HEADER}\nR1,p,2025-01-01,1,1,1,${comment}\nR2,p,2025-01-02,1,1,1,ok\n`);
    expect(real).toMatchObject({ ok: true, rows: [{ comment: 'Bra dag.\nMer sånt, gärna, tack\nen bra, dag, med, mycket, att, göra, hej' }, { respondent: 'R2' }] });
  });

  it('refuses a pre measurement dated after the post measurement of the same person, and passes the same day', async () => {
    const header = 'respondent,program,instrument,wave,date,dimension,score';
    const late = await parse('a.csv', `${header}\nL1,p,lead-forward,post,2025-03-01,tillit,4\nL1,p,lead-forward,pre,2025-04-01,tillit,3\nL2,p,lead-forward,pre,2025-04-01,tillit,3\n`);
    expect(late).toMatchObject({ ok: false, totalProblems: 1, problems: [{ rule: 'pre-after-post', line: 3, column: 'date', value: '2025-04-01' }] });
    const sameDay = await parse('a.csv', `${header}\nL1,p,lead-forward,pre,2025-03-01,tillit,3\nL1,p,lead-forward,post,2025-03-01,tillit,4\n`);
    expect(sameDay).toMatchObject({ ok: true });
  });

  it('gives identical rows for comma/semicolon, BOM, CRLF and decimal comma', async () => {
    const comma = await parse('a.csv', 'respondent,program,instrument,wave,date,dimension,score\nL1,p,lead-forward,pre,2025-01-01,tillit,4.5\n');
    const swedish = await parse('a.csv', '\uFEFFdeltagare;program;instrument;mätning;datum;dimension;poäng\r\nL1;p;LEAD-FORWARD;Före;2025-01-01 00:00;Tillit och trygghet;4,5\r\n;;;;;;\r\n');
    expect(swedish).toEqual(comma);
    expect(comma).toMatchObject({ ok: true, rows: [{ rater: 'self', dimension: 'tillit', score: 4.5 }] });
  });

  it('reads a CRLF reaction file as its LF twin, line numbers and quoted line breaks included', async () => {
    const lines = [REACTION_HEADER, 'R1,p,2025-01-01,5,5,5,"två\nrader"', ' R2 , p ,  2025-01-02 ,5,5,5, hej ', 'R3,p,2025-01-32,5,5,5,'];
    const lf = await parse('r.csv', `${lines.join('\n')}\n`);
    const crlf = await parse('r.csv', `${lines.join('\r\n').replace('två\nrader', 'två\r\nrader')}\r\n`);
    expect(crlf).toEqual(lf);
    expect(lf).toMatchObject({ ok: false, problems: [{ rule: 'invalid-date', line: 5, value: '2025-01-32' }] });
    const valid = await parse('r.csv', `${lines.slice(0, 3).join('\r\n').replace('två\nrader', 'två\r\nrader')}\r\n`);
    expect(valid).toMatchObject({ ok: true, rows: [{ comment: 'två\nrader' }, { respondent: 'R2', program: 'p', date: '2025-01-02', comment: 'hej' }] });
  });

  it('decodes Windows-1252 so that å ä ö survive', async () => {
    const latin1 = Buffer.from(`${REACTION_HEADER}\r\nR1,p,2025-01-01,5,5,5,Väldigt bra kurs på Åland\r\n`, 'latin1');
    expect(await parse('r.csv', latin1)).toMatchObject({ ok: true, rows: [{ comment: 'Väldigt bra kurs på Åland' }] });
  });

  it('keeps formula-looking comments as text', async () => {
    const outcome = await parse('r.csv', `${REACTION_HEADER}\nR1,p,2025-01-01,5,5,5,=HYPERLINK("x")\nR2,p,2025-01-01,5,5,5,@SUM(1)\n`);
    expect(outcome).toMatchObject({ ok: true, rows: [{ comment: '=HYPERLINK("x")' }, { comment: '@SUM(1)' }] });
  });
});

describe('problems', () => {
  it('lists at most MAX_PROBLEMS_LISTED problems and counts them all', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `R${i},p,2025-01-01,11,5,5,`).join('\n');
    const outcome = await parse('r.csv', `${REACTION_HEADER}\n${rows}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems).toHaveLength(MAX_PROBLEMS_LISTED);
    expect(outcome.totalProblems).toBe(120);
  });

  it('refuses a repeated response (same respondent, program, date) at its line, naming the first, also for a respondent with many responses', async () => {
    // R1 answers on 40 dates (a long chain of their own), R2 twice for the same program and date, R1 again
    // for its 7th date, and a blank-line gap in between: each repeat is reported once, with the first line.
    const many = Array.from({ length: 40 }, (_, i) => `R1,p,2025-01-${String((i % 28) + 1).padStart(2, '0')},5,5,5,`).slice(0, 28);
    const other = Array.from({ length: 12 }, (_, i) => `R1,q,2025-02-${String(i + 1).padStart(2, '0')},5,5,5,`);
    const lines = [REACTION_HEADER, ...many, ...other, 'R2,p,2025-01-01,5,5,5,', '', 'R2,p,2025-01-01,6,6,6,', 'R1,p,2025-01-07,5,5,5,', 'R1,q,2025-02-12,5,5,5,', 'R2,q,2025-01-01,5,5,5,'];
    const outcome = await parse('r.csv', `${lines.join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.map((p) => [p.rule, p.line, p.value])).toEqual([
      ['duplicate-response', 44, 'R2'],
      ['duplicate-response', 45, 'R1'],
      ['duplicate-response', 46, 'R1'],
    ]);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      `r.csv line 44, column respondent: ${detail.duplicateResponse('R2', 'p', '2025-01-01', 42, 44)}`,
      `r.csv line 45, column respondent: ${detail.duplicateResponse('R1', 'p', '2025-01-07', 8, 45)}`,
      `r.csv line 46, column respondent: ${detail.duplicateResponse('R1', 'q', '2025-02-12', 41, 46)}`,
    ]);
    // Without the repeats the same rows are accepted, all of them.
    const accepted = await parse('r.csv', `${lines.slice(0, 42).join('\n')}\n`);
    expect(accepted).toMatchObject({ ok: true, kind: 'reaction' });
    expect(accepted.ok && accepted.kind === 'reaction' ? accepted.rows.length : 0).toBe(41);
  });

  it('tells repeated responses apart from other responses of the same respondent, however many rows they have', async () => {
    // R1 answers 20,000 times (distinct program and date), then repeats its first and a late response;
    // R2 repeats its only response; R3 answers twice differently, then repeats its second; R4 and R5
    // share program and date with R1, which is no repeat.
    const many = Array.from({ length: 20_000 }, (_, i) => `R1,p${i},2025-01-${String((i % 28) + 1).padStart(2, '0')},5,5,5,`);
    const lines = [
      REACTION_HEADER, ...many,
      'R2,p0,2025-01-01,5,5,5,', 'R2,p0,2025-01-01,6,6,6,',
      'R3,p0,2025-01-01,5,5,5,', 'R3,p1,2025-01-01,5,5,5,', 'R3,p1,2025-01-01,5,5,5,',
      'R4,p0,2025-01-01,5,5,5,', 'R5,p0,2025-01-01,5,5,5,',
      'R1,p0,2025-01-01,5,5,5,', 'R1,p19999,2025-01-08,5,5,5,',
    ];
    const outcome = await parse('r.csv', `${lines.join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.map((p) => [p.rule, p.line, p.value, p.message.match(/at line \d+; lines \d+ and \d+/)?.[0]])).toEqual([
      ['duplicate-response', 20_003, 'R2', 'at line 20002; lines 20002 and 20003'],
      ['duplicate-response', 20_006, 'R3', 'at line 20005; lines 20005 and 20006'],
      ['duplicate-response', 20_009, 'R1', 'at line 2; lines 2 and 20009'],
      ['duplicate-response', 20_010, 'R1', 'at line 20001; lines 20001 and 20010'],
    ]);
    const accepted = await parse('r.csv', `${lines.filter((_, i) => ![20_002, 20_005, 20_008, 20_009].includes(i)).join('\n')}\n`);
    expect(accepted.ok && accepted.kind === 'reaction' ? accepted.rows.length : 0).toBe(20_005);
  });

  it('names the first line of a repeated response also when that first row was refused for a score', async () => {
    // R1's first response (line 2) has an out-of-range score, so it never becomes a row; its repeats are
    // still reported against line 2, before and after R1 answers for another date.
    const lines = [REACTION_HEADER, 'R1,p,2025-05-01,11,9,9,', 'R2,p,2025-05-01,9,9,9,', 'R1,p,2025-05-01,9,9,9,', 'R1,p,2025-05-02,9,9,9,', 'R1,p,2025-05-01,8,8,8,', 'R1,p,2025-05-02,8,8,8,'];
    const outcome = await parse('r.csv', `${lines.join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.map((p) => [p.rule, p.line, p.message.match(/at line \d+; lines \d+ and \d+/)?.[0]])).toEqual([
      ['out-of-range', 2, undefined],
      ['duplicate-response', 4, 'at line 2; lines 2 and 4'],
      ['duplicate-response', 6, 'at line 2; lines 2 and 6'],
      ['duplicate-response', 7, 'at line 5; lines 5 and 7'],
    ]);
  });

  it('refuses a second score for the same respondent, leader, program, instrument, wave, rater and dimension, naming the first line', async () => {
    const header = 'respondent,leader,program,instrument,wave,date,rater,dimension,score';
    const lines = [
      header,
      'L1,,p,lead-forward,pre,2025-01-01,self,tydlighet,4', // 2
      'L1,L1,p,lead-forward,pre,2025-01-01,self,tillit,4',
      'L1,,p,hme,pre,2025-01-01,self,motivation,50', // another instrument between two rows of one context
      'C1,L1,p,lead-forward,pre,2025-01-01,manager,tydlighet,4', // another rater: no repeat
      'L1,,p,lead-forward,post,2025-06-01,self,tydlighet,5', // another wave: no repeat
      'L1,,q,lead-forward,pre,2025-01-01,self,tydlighet,4', // another program: no repeat
      'L2,,p,lead-forward,pre,2025-01-01,self,resultatfokus,4', // a context with only its last dimension
      'L1,,p,lead-forward,pre,2025-02-01,self,tydlighet,5', // 9: repeats line 2 (the date is not part of a score's identity)
      ',L1,p,hme,pre,2025-01-01,self,motivation,51', // 10: repeats line 4, the person named in the other column
      'L2,,p,lead-forward,pre,2025-01-01,själv,Resultatfokus,3', // 11: repeats line 8, spelled otherwise
      'L3,,p,lead-forward,pre,2025-01-01,self,tydlighet,99', // 12: out of range, yet its first line
      'L3,,p,lead-forward,pre,2025-01-01,self,tydlighet,4', // 13: repeats line 12
      'K1,L1,p,lead-forward,pre,2025-01-01,peer,tydlighet,4', // a peer rates two leaders: no repeat
      'K1,L2,p,lead-forward,pre,2025-01-01,peer,tydlighet,4',
      'K1,L2,p,lead-forward,pre,2025-01-01,peer,tydlighet,5', // 16: repeats line 15
    ];
    const outcome = await parse('a.csv', `${lines.join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.map((p) => [p.rule, p.line, p.column, p.message.match(/keep one of lines \d+ and \d+/)?.[0]])).toEqual([
      ['duplicate-score', 9, 'dimension', 'keep one of lines 2 and 9'],
      ['duplicate-score', 10, 'dimension', 'keep one of lines 4 and 10'],
      ['duplicate-score', 11, 'dimension', 'keep one of lines 8 and 11'],
      ['out-of-range', 12, 'score', undefined],
      ['duplicate-score', 13, 'dimension', 'keep one of lines 12 and 13'],
      ['duplicate-score', 16, 'dimension', 'keep one of lines 15 and 16'],
    ]);
    expect(outcome.problems.at(-1)?.message).toBe(
      `a.csv line 16, column dimension: ${detail.duplicateScore({ respondent: 'K1', leader: 'L2', wave: 'pre', rater: 'peer', program: 'p', what: 'lead-forward/tydlighet' }, 15, 16)}`,
    );
    const accepted = await parse('a.csv', `${lines.slice(0, 8).join('\n')}\n`);
    expect(accepted.ok && accepted.kind === 'assessment' ? accepted.rows.length : 0).toBe(7);
  });

  it('refuses a repeated wide row once per dimension it repeats', async () => {
    const header = 'respondent,program,instrument,wave,date,rater,tydlighet,tillit,utveckling';
    const lines = [header, 'L1,p,lead-forward,pre,2025-01-01,self,4,,5', 'L2,p,lead-forward,pre,2025-01-01,self,4,4,4', 'L1,p,lead-forward,pre,2025-01-02,self,3,3,3'];
    const outcome = await parse('w.csv', `${lines.join('\n')}\n`);
    expect(outcome).toMatchObject({
      ok: false,
      totalProblems: 2,
      problems: [
        { rule: 'duplicate-score', line: 4, column: 'tydlighet' },
        { rule: 'duplicate-score', line: 4, column: 'utveckling' },
      ],
    });
  });

  it('refuses a column with values but no header', async () => {
    const outcome = await parse('r.csv', `${REACTION_HEADER},\nR1,p,2025-01-01,5,5,5,,stray\n`);
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'unnamed-column', column: '#8' }] });
  });

  it('names the first line with a value in each column without a header, among the other header problems in column order', async () => {
    const header = `${REACTION_HEADER.replace('program', 'program,')},satisfaction,,`;
    const rows = ['R1,p,,2025-01-01,5,5,5,,5,,', 'R2,p,,2025-01-01,5,5,5,,5,, ', 'R3,p,x,2025-01-01,5,5,5,,5,,', 'R4,p,,2025-01-01,5,5,5,,5,,y'];
    const outcome = await parse('r.csv', `${[header, ...rows].join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.slice(0, 3).map((p) => [p.rule, p.column, p.message.match(/first on line \d+/)?.[0]])).toEqual([
      ['unnamed-column', '#3', 'first on line 4'],
      ['duplicate-column', 'satisfaction', undefined],
      ['unnamed-column', '#11', 'first on line 5'],
    ]);
  });

  it('rejects a reaction column in an assessment file', async () => {
    const outcome = await parse('a.csv', 'respondent,program,instrument,wave,date,dimension,score,comment\nL1,p,lead-forward,pre,2025-01-01,tillit,4\n');
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'unknown-column', column: 'comment' }] });
  });

  it('documents every rule it can emit', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'data-format.md'), 'utf8');
    for (const rule of Object.keys(RULES)) expect(doc).toContain(`\`${rule}\``);
  });
});

describe('respondent ids told while parsing', () => {
  const told = async (fileName: string, text: string, maxRows?: number): Promise<string[]> => {
    const ids: string[] = [];
    await parseDataFile({ fileName, bytes: encode(text), instruments, onRespondent: (id) => ids.push(id), ...(maxRows === undefined ? {} : { limits: { maxRows } }) });
    return ids;
  };

  it("tells each data row's id in row order, as the rows hold it, invalid rows included and empty ids left out", async () => {
    const rows = [' R2 ,p,2025-01-01,5,5,5,', '', ',p,2025-01-01,5,5,5,', 'R1,p,2025-01-01,11,5,5,', 'R2,p,2025-01-01,5,5,5,', ',,,,,,', 'R3,,,,,,'];
    expect(await told('r.csv', `${[REACTION_HEADER, ...rows].join('\n')}\n`)).toEqual(['R2', 'R1', 'R2', 'R3']);
  });

  it("tells a wide assessment row's id once, however many scores it holds", async () => {
    const text = 'respondent,program,instrument,wave,date,tydlighet,tillit\nL1,p,lead-forward,pre,2025-01-01,4,5\nL2,p,lead-forward,pre,2025-01-01,4,5\n';
    expect(await told('w.csv', text)).toEqual(['L1', 'L2']);
  });

  it('tells nothing for a file refused before its rows are read', async () => {
    expect(await told('r.csv', `${REACTION_HEADER}\nR1,p,2025-01-01,5,5,5,\nR2,p,2025-01-01,5,5,5,\n`, 1)).toEqual([]);
    expect(await told('r.csv', 'respondent,program,date\nR1,p,2025-01-01\n')).toEqual([]);
  });
});

describe('leader column', () => {
  const HEADER = 'respondent,leader,program,instrument,wave,date,rater,dimension,score';
  const assessment = async (fileName: string, text: string | Uint8Array) => {
    const outcome = await parse(fileName, text);
    if (!outcome.ok || outcome.kind !== 'assessment') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    return outcome.rows;
  };
  const pairs = (rows: { respondent: string; leader: string; rater: string }[]) => rows.map((r) => `${r.respondent}→${r.leader} ${r.rater}`);

  it('reads who answered and whom the score is about from a long CSV; a peer may rate two leaders', async () => {
    const rows = await assessment(
      'a.csv',
      `${HEADER}\nL1,L1,p,lead-forward,pre,2025-01-01,self,tillit,4\nC1,L1,p,lead-forward,pre,2025-01-01,manager,tillit,3\nK1,L1,p,lead-forward,pre,2025-01-01,peer,tillit,5\nK1,L2,p,lead-forward,pre,2025-01-01,peer,tillit,2\n`,
    );
    expect(pairs(rows)).toEqual(['L1→L1 self', 'C1→L1 manager', 'K1→L1 peer', 'K1→L2 peer']);
    expect(rows[1]).toEqual({ respondent: 'C1', leader: 'L1', program: 'p', instrument: 'lead-forward', wave: 'pre', date: '2025-01-01', rater: 'manager', dimension: 'tillit', score: 3 });
  });

  it.each(['leader', 'ledare', 'bedömd', 'bedömd ledare', 'ratee', 'Bedömd_Ledare', 'RATEE', 'Bedomd', 'Ledare ID'])('names the leader column by "%s"', async (header) => {
    const rows = await assessment('a.csv', `deltagare;${header};program;instrument;mätning;datum;bedömare;dimension;poäng\nC1;L1;p;lead-forward;före;2025-01-01;chef;tillit;3\n`);
    expect(rows.map((r) => [r.respondent, r.leader])).toEqual([['C1', 'L1']]);
  });

  it('reads "ledare" and "leader" as the leader, no longer as the respondent', async () => {
    // A file of self-ratings headed "Ledare" names each leader once: respondent and leader alike.
    const rows = await assessment('sjalv.csv', 'Ledare;Program;Instrument;Mätning;Datum;Dimension;Poäng\nL1;p;lead-forward;före;2025-01-01;tillit;4\n');
    expect(rows.map((r) => [r.respondent, r.leader, r.rater])).toEqual([['L1', 'L1', 'self']]);
    // Beside a respondent column it is a column of its own, not a second respondent column.
    expect(await assessment('a.csv', 'respondent,ledare,program,instrument,wave,date,rater,dimension,score\nC1,L1,p,lead-forward,pre,2025-01-01,manager,tillit,3\n')).toMatchObject([{ respondent: 'C1', leader: 'L1' }]);
    // Two headers for the leader are one column twice.
    const twice = await parse('a.csv', 'respondent,ledare,leader,program,instrument,wave,date,rater,dimension,score\nC1,L1,L1,p,lead-forward,pre,2025-01-01,manager,tillit,3\n');
    expect(twice).toMatchObject({ ok: false, problems: [{ rule: 'duplicate-column', line: 1, column: 'leader' }] });
    // A reaction survey has no leader column, and says what to call the column instead.
    const reaction = await parse('r.csv', 'ledare,program,date,satisfaction,usefulness,recommendation\nL1,p,2025-01-01,9,9,9\n');
    expect(reaction).toMatchObject({ ok: false, problems: [{ rule: 'unknown-column', column: 'ledare' }, { rule: 'missing-column', column: 'respondent' }] });
    if (!reaction.ok) expect(reaction.problems[0]?.message).toBe(`r.csv line 1, column ledare: ${detail.leaderInReaction('ledare')}`);
  });

  it('reads a self-rating that names its leader in either column, or in both as the same person', async () => {
    const rows = await assessment(
      'a.csv',
      `${HEADER}\nL1,,p,lead-forward,pre,2025-01-01,self,tillit,4\n,L2,p,lead-forward,pre,2025-01-01,,tillit,4\nL3,l3 ,p,lead-forward,pre,2025-01-01,själv,tillit,4\nÅsa,ÅSA,p,lead-forward,pre,2025-01-01,self,tillit,4\n`,
    );
    // One spelling per row: the respondent's, which the pseudonym treats as the same person anyway.
    expect(rows.map((r) => [r.respondent, r.leader])).toEqual([['L1', 'L1'], ['L2', 'L2'], ['L3', 'L3'], ['Åsa', 'Åsa']]);
    // Without any leader column, as before.
    expect(await assessment('a.csv', 'respondent,program,instrument,wave,date,dimension,score\nL1,p,lead-forward,pre,2025-01-01,tillit,4\n')).toMatchObject([{ respondent: 'L1', leader: 'L1' }]);
    // Without a respondent column: a file of self-ratings by leader.
    expect(await assessment('a.csv', 'leader,program,instrument,wave,date,dimension,score\nL1,p,lead-forward,pre,2025-01-01,tillit,4\n')).toMatchObject([{ respondent: 'L1', leader: 'L1' }]);
  });

  it('refuses a rating by others without a leader (missing-leader) at its line and column', async () => {
    const lines = [
      'respondent;Bedömd ledare;program;instrument;wave;date;rater;dimension;score',
      'L1;;p;lead-forward;pre;2025-01-01;self;tillit;4', // 2: self, fine
      'C1;;p;lead-forward;pre;2025-01-01;manager;tillit;3', // 3
      'M1;L1;p;lead-forward;pre;2025-01-01;employee;tillit;3', // 4: fine
      'K1; ;p;lead-forward;pre;2025-01-01;kollega;tillit;3', // 5: blank is empty
      ';L1;p;lead-forward;pre;2025-01-01;medarbetare;tillit;3', // 6: who answered is missing
    ];
    const outcome = await parse('360.csv', `${lines.join('\n')}\n`);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      ['missing-leader', 3, 'Bedömd ledare'],
      ['missing-leader', 5, 'Bedömd ledare'],
      ['missing-respondent', 6, 'respondent'],
    ]);
    expect(outcome.problems[0]?.message).toBe(`360.csv line 3, column Bedömd ledare: ${detail.leaderEmpty('manager')}`);
    expect(outcome.problems[2]?.message).toBe(`360.csv line 6, column respondent: ${detail.raterRespondentEmpty('employee')}`);
  });

  it('refuses ratings by others in a file without a leader column, at the canonical column name', async () => {
    const outcome = await parse('gammal.csv', 'deltagare,program,instrument,wave,date,rater,dimension,score\nL1,p,lead-forward,pre,2025-01-01,self,tillit,4\nL1-chef,p,lead-forward,pre,2025-01-01,manager,tillit,3\n');
    expect(outcome).toMatchObject({ ok: false, totalProblems: 1, problems: [{ rule: 'missing-leader', line: 3, column: 'leader' }] });
    if (!outcome.ok) expect(outcome.problems[0]?.message).toBe(`gammal.csv line 3, column leader: ${detail.noLeaderColumn('manager')}`);
  });

  it('refuses a self-rating whose respondent and leader are different people (self-leader-mismatch)', async () => {
    const outcome = await parse('a.csv', `${HEADER}\nL1,L2,p,lead-forward,pre,2025-01-01,self,tillit,4\n`);
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'self-leader-mismatch', line: 2, column: 'leader', value: 'L2' }] });
    if (!outcome.ok) expect(outcome.problems[0]?.message).toBe(`a.csv line 2, column leader: ${detail.selfLeaderMismatch('L1', 'L2')}`);
  });

  it('refuses a self-rating without anyone, and a header with neither respondent nor leader', async () => {
    expect(await parse('a.csv', `${HEADER}\n,,p,lead-forward,pre,2025-01-01,self,tillit,4\n`)).toMatchObject({ ok: false, problems: [{ rule: 'missing-respondent', line: 2, column: 'respondent' }] });
    expect(await parse('a.csv', 'program,instrument,wave,date,dimension,score\np,lead-forward,pre,2025-01-01,tillit,4\n')).toMatchObject({
      ok: false,
      problems: [{ rule: 'missing-column', line: 1, column: 'respondent' }],
    });
  });

  it('reads the leader in the wide layout, one leader per row', async () => {
    const rows = await assessment(
      'w.csv',
      'deltagare;bedömd;program;instrument;mätning;datum;bedömare;tydlighet;tillit\nL1;;p;lead-forward;före;2025-01-01;själv;4;5\nK1;L1;p;lead-forward;före;2025-01-01;kollega;3;4\nK1;L2;p;lead-forward;före;2025-01-01;kollega;2;\n',
    );
    expect(rows.map((r) => `${r.respondent}→${r.leader} ${r.dimension}`)).toEqual(['L1→L1 tydlighet', 'L1→L1 tillit', 'K1→L1 tydlighet', 'K1→L1 tillit', 'K1→L2 tydlighet']);
    const missing = await parse('w.csv', 'deltagare;bedömd;program;instrument;mätning;datum;bedömare;tydlighet;tillit\nK1;;p;lead-forward;före;2025-01-01;kollega;3;4\n');
    expect(missing).toMatchObject({ ok: false, totalProblems: 1, problems: [{ rule: 'missing-leader', line: 2, column: 'bedömd' }] });
  });

  it('reads the leader from JSON rows, and points a missing one at its item', async () => {
    const items = [
      { ratee: 'L1', program: 'p', instrument: 'lead-forward', wave: 'pre', date: '2025-01-01', rater: 'self', dimension: 'tillit', score: 4 },
      { respondent: 'C1', ratee: 'L1', program: 'p', instrument: 'lead-forward', wave: 'pre', date: '2025-01-01', rater: 'manager', dimension: 'tillit', score: 3 },
    ];
    expect(pairs(await assessment('a.json', JSON.stringify(items, null, 2)))).toEqual(['L1→L1 self', 'C1→L1 manager']);
    const missing = await parse('a.json', JSON.stringify([items[0], { ...items[1], ratee: null }], null, 2));
    expect(missing).toMatchObject({ ok: false, problems: [{ rule: 'missing-leader', line: 12, column: 'ratee' }] });
    if (!missing.ok) expect(missing.problems[0]?.message).toMatch(/^a\.json line 12 \(item 2\), column ratee: /);
  });

  it('reads the leader from an XLSX sheet, and names the spreadsheet row of a missing one', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Skattningar');
    sheet.addRow(['Deltagare', 'Bedömd ledare', 'Program', 'Instrument', 'Mätning', 'Datum', 'Bedömare', 'Dimension', 'Poäng']);
    sheet.addRow(['L1', null, 'p', 'lead-forward', 'före', new Date('2025-01-01T00:00:00Z'), 'själv', 'tillit', 4]);
    sheet.addRow(['C1', 'L1', 'p', 'lead-forward', 'före', new Date('2025-01-01T00:00:00Z'), 'chef', 'tillit', 3]);
    const good = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(pairs(await assessment('a.xlsx', good))).toEqual(['L1→L1 self', 'C1→L1 manager']);
    sheet.addRow(['M1', '', 'p', 'lead-forward', 'före', new Date('2025-01-01T00:00:00Z'), 'medarbetare', 'tillit', 3]);
    const bad = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await parse('a.xlsx', bad)).toMatchObject({ ok: false, problems: [{ rule: 'missing-leader', line: 4, column: 'Bedömd ledare' }] });
  });

  it('tells each leader that is not its row\'s respondent, in row order, and each row\'s respondent as the row holds it', async () => {
    const respondents: string[] = [];
    const leaders: string[] = [];
    const text = `${HEADER}\nL1,,p,lead-forward,pre,2025-01-01,self,tillit,4\n,L2,p,lead-forward,pre,2025-01-01,self,tillit,4\nC1,L1,p,lead-forward,pre,2025-01-01,manager,tillit,3\nK1,L1,p,lead-forward,pre,2025-01-01,peer,tillit,3\nK1,L2,p,lead-forward,pre,2025-01-01,peer,tillit,3\n`;
    const outcome = await parseDataFile({ fileName: 'a.csv', bytes: encode(text), instruments, onRespondent: (id) => respondents.push(id), onLeader: (id) => leaders.push(id) });
    expect(outcome.ok).toBe(true);
    expect(respondents).toEqual(['L1', 'L2', 'C1', 'K1', 'K1']);
    expect(leaders).toEqual(['L1', 'L1', 'L2']);
  });
});

describe('wide layout', () => {
  it('expands one column per dimension, honours the rater column and skips empty cells', async () => {
    const outcome = await parse('w.csv', 'deltagare;ledare;program;instrument;mätning;datum;bedömare;tydlighet;tillit\nL1-chef;L1;p;lead-forward;efter;2025-06-01;chef;5;\n');
    expect(outcome).toEqual({
      ok: true,
      kind: 'assessment',
      rows: [{ respondent: 'L1-chef', leader: 'L1', program: 'p', instrument: 'lead-forward', wave: 'post', date: '2025-06-01', rater: 'manager', dimension: 'tydlighet', score: 5 }],
    });
  });

  it('refuses a dimension column that belongs to another instrument', async () => {
    const outcome = await parse('w.csv', 'respondent,program,instrument,wave,date,tydlighet,motivation\nL1,p,lead-forward,pre,2025-06-01,5,50\n');
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'unknown-dimension', line: 2, column: 'motivation' }] });
  });
});

describe('instrument names', () => {
  it('resolves an instrument written by its id, its name or the name an English report shows', async () => {
    const header = 'respondent,program,instrument,wave,date,rater,dimension,score';
    const written = ['hme', 'Hållbart medarbetarengagemang (HME)', 'Sustainable employee engagement (HME)', 'sustainable employee engagement (hme)'];
    const outcome = await parse('hme.csv', `${header}\n${written.map((w, i) => `L${i},p,${w},pre,2025-01-01,self,motivation,70`).join('\n')}\n`);
    if (!outcome.ok || outcome.kind !== 'assessment') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    expect(outcome.rows.map((r) => r.instrument)).toEqual(['hme', 'hme', 'hme', 'hme']);
  });
});

describe('definitions', () => {
  it('accepts every built-in instrument file as an instrument definition', async () => {
    for (const instrument of instruments.values()) {
      const path = join(REPO_ROOT, 'report-templates', 'instruments', `${instrument.id}.instrument.json`);
      const outcome = await parseDataFile({ fileName: `${instrument.id}.instrument.json`, bytes: readFileSync(path), instruments });
      expect(outcome).toEqual({ ok: true, kind: 'instrument', instrument });
    }
  });

  it('returns client settings as written', async () => {
    const settings = { clientId: 'sodertalje', displayName: 'Södertälje kommun', recipients: ['hr@sodertalje.example'] };
    expect(await parse('sodertalje.client.json', JSON.stringify(settings))).toEqual({ ok: true, kind: 'client', settings });
  });
});

describe('JSON rows', () => {
  it('reads typed cells: serial and text dates, numbers, and text with CRLF line breaks', async () => {
    const rows = [
      { respondent: ' R1 ', program: 'p', date: 45791, satisfaction: 9, usefulness: 8, recommendation: 10, comment: 'rad ett\r\nrad två ' },
      { respondent: 'R2', program: 'p', date: ' 2025-05-14 ', satisfaction: '9', usefulness: 8, recommendation: 0 },
    ];
    expect(await parse('r.json', JSON.stringify(rows))).toEqual({
      ok: true,
      kind: 'reaction',
      rows: [
        { respondent: 'R1', program: 'p', date: '2025-05-14', satisfaction: 9, usefulness: 8, recommendation: 10, comment: 'rad ett\nrad två' },
        { respondent: 'R2', program: 'p', date: '2025-05-14', satisfaction: 9, usefulness: 8, recommendation: 0 },
      ],
    });
    const repeated = await parse('r.json', JSON.stringify([rows[0], { ...rows[0], date: '2025-05-14' }, { ...rows[1], date: 12 }]));
    expect(repeated).toMatchObject({ ok: false, problems: [{ rule: 'duplicate-response', value: 'R1' }, { rule: 'invalid-date', value: '12' }] });
  });

  it('locates each array element by the line its object opens on', () => {
    expect(objectStartLines('[\n  {"a": "}{"},\n  {\n    "a": 2\n  }\n]')).toEqual([2, 3]);
  });
});

describe('zip guard', () => {
  it('refuses an archive that under-declares its uncompressed size', () => {
    const data = Buffer.alloc(300_000, 0x41);
    const compressed = deflateRawSync(data);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(100, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(100, 24); // the lie
    central.writeUInt16LE(name.length, 28);
    const directory = Buffer.concat([central, name]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(30 + name.length + compressed.length, 16);
    const archive = Buffer.concat([local, name, compressed, directory, end]);
    expect(checkZip(archive, { maxUncompressedBytes: 200 * 1024 * 1024, maxRows: 1_000_000 })).toMatchObject({ ok: false, rule: 'expands-too-large' });
  });
});

describe('escapeSpreadsheetCell', () => {
  it('prefixes formula triggers with an apostrophe and leaves other text alone', () => {
    for (const v of ['=1+1', '+46 8 123', '-bra', '@SUM(A1)', '\t=1']) expect(escapeSpreadsheetCell(v)).toBe(`'${v}`);
    for (const v of ['Bra kurs', '', '4,5', 'a=b']) expect(escapeSpreadsheetCell(v)).toBe(v);
  });
});
