import { describe, expect, it } from 'vitest';
import { MAX_COMMENTARY_CHARS } from '../../../functions/core/model/index.ts';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { RULES } from '../../../functions/core/parse/rules.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('kommentar.md and commentary.md', () => {
  it('reads the commentary as Markdown text, trimmed', async () => {
    for (const fileName of ['kommentar.md', 'Commentary.md']) {
      const outcome = await parseDataFile({ fileName, bytes: bytes('\uFEFF  Programmet **fungerade**.\r\n\r\n- Nästa steg\n'), instruments: new Map() });
      expect(outcome).toEqual({ ok: true, kind: 'commentary', markdown: 'Programmet **fungerade**.\r\n\r\n- Nästa steg' });
    }
  });

  it('refuses an empty or overlong commentary with a rule a consultant can act on', async () => {
    const empty = await parseDataFile({ fileName: 'kommentar.md', bytes: bytes('  \n'), instruments: new Map() });
    expect(empty.ok ? undefined : empty.problems[0]?.rule).toBe('empty-file');
    const long = await parseDataFile({ fileName: 'kommentar.md', bytes: bytes('x'.repeat(MAX_COMMENTARY_CHARS + 1)), instruments: new Map() });
    expect(long.ok ? undefined : long.problems[0]).toMatchObject({ rule: 'commentary-too-long', file: 'kommentar.md' });
    expect(RULES['commentary-too-long']).toBeDefined();
  });

  it('does not take any other Markdown file for a commentary', async () => {
    const other = await parseDataFile({ fileName: 'anteckningar.md', bytes: bytes('text'), instruments: new Map() });
    expect(other.ok ? undefined : other.problems[0]?.rule).toBe('unsupported-extension');
  });
});
