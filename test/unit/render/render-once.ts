/**
 * Child process of warm-identical.test.ts: renders the example report once in a fresh process (no font,
 * chart or locale state from any earlier report) and writes the PDF to stdout as base64.
 */
import { renderReport } from '../../../functions/core/report/index.ts';
import { exampleMetrics, exampleSettings } from '../report/fixtures.ts';

const locale = process.argv[2] === 'en' ? 'en' : 'sv';
const pdf = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings(locale), version: 3 });
process.stdout.write(Buffer.from(pdf).toString('base64'));
