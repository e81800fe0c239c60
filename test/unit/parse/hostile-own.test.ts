/**
 * Hostile inputs of our own (issue 23: "try at least ten the issue does not name"), each with what
 * Effekt does. The first three found defects (fixed); the rest held and are kept as regressions.
 */
import { describe, expect, it } from 'vitest';
import { instrumentCatalog } from '../../../functions/core/instruments/builtin.ts';
import { MAX_COMMENT_CHARS, selectComments } from '../../../functions/core/metrics/comments.ts';
import { parseDataFile, type ParseOutcome } from '../../../functions/core/parse/index.ts';

const H = 'respondent,program,date,satisfaction,usefulness,recommendation,comment';
const instruments = instrumentCatalog([]);
const parse = (name: string, content: string | Uint8Array): Promise<ParseOutcome> =>
  parseDataFile({ fileName: name, bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, instruments });

describe('hostile inputs of our own', () => {
  it('refuses UTF-32 text as wrong-encoding (was: control-character U+0000, which told the consultant to remove a character)', async () => {
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x72, 0, 0, 0]);
    expect(await parse('a.csv', utf32)).toMatchObject({ ok: false, problems: [{ rule: 'wrong-encoding', message: expect.stringContaining('UTF-32') }] });
  });

  it('counts an id written with and without an invisible variation selector as one person (was: two)', async () => {
    const outcome = await parse('a.csv', `${H}\n😀,p,2025-05-14,5,5,5,\n😀\uFE0F,p,2025-05-14,6,6,6,\n`);
    expect(outcome).toMatchObject({ ok: false, problems: [{ rule: 'duplicate-response', line: 3 }] });
  });

  it('prints a megabyte comment cut at a word boundary with a visible […] (was: printed whole)', () => {
    const [comment] = selectComments([`${'ord '.repeat(500_000)}slut`]);
    expect(comment!.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS + 4);
    expect(comment).toMatch(/ord \[…\]$/);
    expect(selectComments(['kort och bra'])).toEqual(['kort och bra']);
  });

  it('holds: two byte-order marks, mixed CR/LF/CRLF line endings and a no-break space after a header', async () => {
    expect(await parse('a.csv', `\uFEFF\uFEFF${H}\nR1,p,2025-05-14,5,5,5,ok\n`)).toMatchObject({ ok: true, rows: [{ respondent: 'R1' }] });
    const mixed = await parse('a.csv', `${H}\r\nR1,p,2025-05-14,5,5,5,a\nR2,p,2025-05-14,5,5,5,b\rR3,p,2025-05-14,5,5,5,c\r\n`);
    expect(mixed).toMatchObject({ ok: true, rows: [{ respondent: 'R1' }, { respondent: 'R2' }, { respondent: 'R3' }] });
    expect(await parse('a.csv', `respondent\u00a0,program,date,satisfaction,usefulness,recommendation\nR1,p,2025-05-14,5,5,5\n`)).toMatchObject({ ok: true });
  });

  it('holds: a duplicate header, a header-only file, a file of only a byte-order mark', async () => {
    expect(await parse('a.csv', `${H},respondent\nR1,p,2025-05-14,5,5,5,ok,R2\n`)).toMatchObject({ ok: false, problems: [{ rule: 'duplicate-column' }] });
    expect(await parse('a.csv', `${H}\n`)).toMatchObject({ ok: false, problems: [{ rule: 'header-only', line: 1 }] });
    expect(await parse('a.csv', '\uFEFF')).toMatchObject({ ok: false, problems: [{ rule: 'empty-file' }] });
  });

  it('holds: an Excel serial date in a CSV, an exponent, 29 February of a common year', async () => {
    expect(await parse('a.csv', `${H}\nR1,p,45791,5,5,5,\n`)).toMatchObject({ ok: false, problems: [{ rule: 'invalid-date' }] });
    expect(await parse('a.csv', `${H}\nR1,p,2025-05-14,1e1,5,5,\n`)).toMatchObject({ ok: false, problems: [{ rule: 'not-a-number' }] });
    expect(await parse('a.csv', `${H}\nR1,p,2025-02-29,5,5,5,\n`)).toMatchObject({ ok: false, problems: [{ rule: 'invalid-date' }] });
  });

  it('holds: a formula in a comment stays text, a JSON row with __proto__ is refused, a program named __proto__ is a plain name', async () => {
    const formula = await parse('a.csv', `${H}\nR1,p,2025-05-14,5,5,5,"=HYPERLINK(""http://evil.example/x"",""Klicka"")"\n`);
    expect(formula).toMatchObject({ ok: true, rows: [{ comment: '=HYPERLINK("http://evil.example/x","Klicka")' }] });
    const proto = `[{"respondent":"R1","program":"p","date":"2025-05-14","satisfaction":5,"usefulness":5,"recommendation":5,"__proto__":{"x":1}}]`;
    expect(await parse('a.json', proto)).toMatchObject({ ok: false, problems: [{ rule: 'json-not-rows' }] });
    const named = `[{"respondent":"R1","program":"__proto__","date":"2025-05-14","satisfaction":5,"usefulness":5,"recommendation":5}]`;
    expect(await parse('a.json', named)).toMatchObject({ ok: true, rows: [{ program: '__proto__' }] });
  });

  it('keeps ids as written: 007 and 7 are two people (a leading zero is part of the id)', async () => {
    expect(await parse('a.csv', `${H}\n007,p,2025-05-14,5,5,5,\n7,p,2025-05-14,6,6,6,\n`)).toMatchObject({ ok: true, rows: [{ respondent: '007' }, { respondent: '7' }] });
  });
});
