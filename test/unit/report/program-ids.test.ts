/** Programme ids are plain strings: names of object properties must not change what the report says. */
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import { clientSettingsSchema, type ReactionRow } from '../../../functions/core/model/index.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

const PROGRAMS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

describe('programme ids named like object properties', () => {
  it('are counted, named and printed as themselves', async () => {
    const settings = clientSettingsSchema.parse({ clientId: 'proto', displayName: 'Proto kommun', invited: JSON.parse('{"constructor": 9, "toString": 8}') });
    const reactions: ReactionRow[] = PROGRAMS.flatMap((program, p) =>
      Array.from({ length: 6 }, (_, i) => ({ respondent: `${program}-${i}`, program, date: '2025-05-20', satisfaction: 6 + p, usefulness: 7, recommendation: 8 })),
    );
    const metrics = computeMetrics({ clientId: 'proto', year: 2025, settings, instruments: [], reactions, assessments: [], sources: [], inputsHash: 'a'.repeat(64), previousYears: [] });
    expect(metrics.programs).toEqual([...PROGRAMS].sort());
    expect(metrics.reaction?.byProgram.map((p) => [p.program, p.responses, p.invited])).toEqual([
      ['__proto__', 6, undefined],
      ['constructor', 6, 9],
      ['hasOwnProperty', 6, undefined],
      ['toString', 6, 8],
    ]);
    const text = (await pdfText(await renderReport({ metrics, settings, version: 1 }))).join(' ');
    expect(text).not.toContain('[object Object]');
    expect(text).not.toMatch(/function|native code/);
    for (const program of PROGRAMS) expect(text).toContain(program);
  });
});
