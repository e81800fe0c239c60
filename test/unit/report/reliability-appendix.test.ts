/** The method appendix shows alpha measured on the data, flags it below .70 in plain words, and names responses without a score. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import type { NamedMapping } from '../../../functions/core/model/index.ts';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { metricsInput } from '../metrics/fixtures.ts';
import { builtInInstruments, FIXTURES } from '../parse/instruments.ts';
import { exampleSettings } from './fixtures.ts';

const SURVEY = join(FIXTURES, 'survey');

describe('method appendix for an item-level instrument', async () => {
  const instrument = await parseDataFile({ fileName: 'ledarskapsindex.instrument.json', bytes: readFileSync(join(SURVEY, 'ledarskapsindex.instrument.json')), instruments: builtInInstruments() });
  if (!instrument.ok || instrument.kind !== 'instrument') throw new Error('instrument refused');
  const instruments = new Map([...builtInInstruments(), [instrument.instrument.id, instrument.instrument]]);
  const mapping = await parseDataFile({ fileName: 'ledarskap-bas.mapping.json', bytes: readFileSync(join(SURVEY, 'google-forms-sv', 'ledarskap-bas.mapping.json')), instruments });
  if (!mapping.ok || mapping.kind !== 'mapping') throw new Error('mapping refused');
  const mappings: NamedMapping[] = [{ fileName: 'ledarskap-bas.mapping.json', mapping: mapping.mapping }];
  const parsed = await parseDataFile({ fileName: 'svar.csv', bytes: readFileSync(join(SURVEY, 'google-forms-sv', 'Ledarskap Bas självskattning (svar).csv')), instruments, mappings });
  if (!parsed.ok || parsed.kind !== 'assessment') throw new Error('export refused');
  const metrics = computeMetrics(metricsInput({ assessments: parsed.rows, reactions: [], instruments: [instrument.instrument] }));

  for (const locale of ['sv', 'en'] as const) {
    it(`prints alpha with its interval, the low-alpha warning and the incomplete responses (${locale})`, async () => {
      const text = (await pdfText(await renderReport({ metrics, settings: exampleSettings(locale), version: 1 }))).join('\n').replace(/\s+/g, ' ');
      const tillit = metrics.reliability?.find((r) => r.dimension === 'tillit');
      expect(tillit).toBeDefined();
      if (locale === 'sv') {
        expect(text).toContain('Reliabilitet mätt i gruppens egna svar');
        expect(text).toContain(`alfa ${tillit?.alpha.toFixed(2).replace('.', ',')}`);
        expect(text).toContain('Alfa är under 0,70');
        expect(text).toContain('1 svar saknar poäng');
      } else {
        expect(text).toContain("Reliability measured in the group's own answers");
        expect(text).toContain(`alpha ${tillit?.alpha.toFixed(2)}`);
        expect(text).toContain('Alpha is below 0.70');
        expect(text).toContain("responses without a score because fewer than half of the dimension's questions were answered: 1.");
      }
    });
  }
});
