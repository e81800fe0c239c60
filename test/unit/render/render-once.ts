/**
 * Child process of warm-identical.test.ts: renders the example report (`sv`, `en`) or the other client's
 * (`other`) once in a fresh process (no font, chart or locale state from any earlier report) and writes the PDF
 * to stdout as base64.
 */
import { renderReport } from '../../../functions/core/report/index.ts';
import { exampleMetrics, exampleSettings, otherClientMetrics, otherClientSettings } from '../report/fixtures.ts';

const which = process.argv[2];
const pdf =
  which === 'other'
    ? await renderReport({ metrics: otherClientMetrics(), settings: otherClientSettings(), version: 1 })
    : await renderReport({ metrics: exampleMetrics(), settings: exampleSettings(which === 'en' ? 'en' : 'sv'), version: 3 });
process.stdout.write(Buffer.from(pdf).toString('base64'));
