/**
 * `npm run glyph-runs`: writes report-templates/fonts/glyph-runs.json, the templates' words shaped by fontkit per
 * Roboto face (glyph-runs-data.ts). Rerun after changing a template text, the fonts or fontkit;
 * test/unit/render/prepared-glyph-runs.test.ts fails while the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { preparedGlyphRunsJson } from './glyph-runs-data.ts';

const out = new URL('../../../../report-templates/fonts/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('glyph-runs.json', out), preparedGlyphRunsJson());
process.stdout.write('report-templates/fonts/glyph-runs.json\n');
