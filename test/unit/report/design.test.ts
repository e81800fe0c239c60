/**
 * "Programmets utformning": one section per described programme, after the programmes' results, read back from
 * the PDF: its tagged table with header cells, the research in plain words, what the unmeasured levels would
 * take, the summary sentence, and the sentence that no feature is claimed to have caused the results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { programDesignSchema, type Level, type MetricsDocument, type ProgramDesign } from '../../../functions/core/model/index.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { DESIGN_EVIDENCE } from '../../../functions/core/report/design-evidence.ts';
import en from '../../../report-templates/texts/en.json' with { type: 'json' };
import sv from '../../../report-templates/texts/sv.json' with { type: 'json' };
import { elementsOf, readStructure, type PdfStructure } from '../../helpers/pdf-structure.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const exampleDesign = (file: string): ProgramDesign =>
  programDesignSchema.parse(JSON.parse(readFileSync(join(REPO, 'examples', 'sodertalje', '2025', file), 'utf8')));

/** The fixture's management-team programme gets the example's description (5 of 7 supported features); the other programme gets none. */
const DESCRIBED = 'ledningsgrupp';
const design: ProgramDesign = { ...exampleDesign('ledarprogram.program.json'), displayName: { sv: 'Ledarskap grund', en: 'Leadership basics' } };

function withDesign(): MetricsDocument {
  return { ...exampleMetrics(), programDesigns: [{ programId: DESCRIBED, design }] };
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The levels the fixture measured for a programme, read from the fixture itself. */
function measuredLevels(metrics: MetricsDocument, program: string): Set<Level> {
  const levels = new Set<Level>(metrics.change.filter((c) => c.program === program).map((c) => c.level));
  if (metrics.reaction?.byProgram.some((g) => g.program === program)) levels.add('reaction');
  return levels;
}

let pages: string[];
let structure: PdfStructure;

beforeAll(async () => {
  const bytes = await renderReport({ metrics: withDesign(), settings: exampleSettings('sv'), version: 1 });
  [pages, structure] = await Promise.all([pdfText(bytes), readStructure(bytes)]);
}, 60_000);

describe('the programme design section', () => {
  it('follows the programmes’ results, for the described programme only', () => {
    const heading = 'Programmets utformning: Ledarskap grund';
    const h1 = elementsOf(structure, 'H1').map((h) => h.text);
    expect(h1).toContain(heading);
    expect(h1.indexOf(heading)).toBe(h1.indexOf(sv.change.heading) + 1);
    expect(h1.filter((h) => h.startsWith('Programmets utformning'))).toEqual([heading]);
  });

  it('holds a tagged table with header cells: each feature, the programme’s answer and the research in plain words', () => {
    const table = elementsOf(structure, 'Table').find((t) => t.children[0]?.children.map((c) => c.text).join('|') === sv.design.columns.join('|'));
    expect(table).toBeDefined();
    expect(table!.children[0]!.children.every((c) => c.role === 'TH')).toBe(true);
    const rows = table!.children.slice(1).map((row) => row.children.map((cell) => cell.text));
    expect(rows.every((row) => row.length === 3)).toBe(true);
    const byFeature = new Map(rows.map(([feature, answer, research]) => [feature, { answer, research }]));
    expect(byFeature.get(sv.design.features['needs-analysis'])).toEqual({ answer: 'Ja', research: DESIGN_EVIDENCE.moderators.find((m) => m.feature === 'needs-analysis')!.plain.sv });
    expect(byFeature.get(sv.design.features['on-site'])?.answer).toBe('Nej (utanför arbetsplatsen)');
    expect(byFeature.get(sv.design.features['spaced-sessions'])?.answer).toBe(`Ja (${design.sessions} tillfällen, ${design.weeksSpanned} veckor)`);
    expect(byFeature.get(sv.design.features.duration)?.answer).toBe(`${design.durationHours} timmar`);
    expect(byFeature.get(sv.design.features['peer-support'])?.research).toBe(DESIGN_EVIDENCE.notInSource.plain.sv);
    expect(rows).toHaveLength(12);
  });

  it('ends with the summary sentence, after saying it shows no cause', () => {
    const page = pages.find((p) => p.startsWith('Programmets utformning: Ledarskap grund'));
    expect(page).toBeDefined();
    const text = flat(page!);
    expect(text).toContain(flat(sv.design.notCause));
    expect(text).toContain('Programmet hade 5 av 7 utformningsdrag som forskningen förknippar med större effekter.');
    expect(text.indexOf(flat(sv.design.notCause))).toBeLessThan(text.indexOf('Programmet hade 5 av 7'));
  });

  it('says for each level not measured for the programme what measuring it would take, from the evidence data', () => {
    const metrics = withDesign();
    const measured = measuredLevels(metrics, DESCRIBED);
    const text = flat(pages.find((p) => p.startsWith('Programmets utformning: Ledarskap grund'))!);
    for (const level of ['reaction', 'learning', 'behaviour', 'results'] as const) {
      const line = `${sv.pyramid.levels[level]} mättes inte.`;
      if (measured.has(level)) expect(text).not.toContain(line);
      else {
        expect(text).toContain(line);
        expect(text).toContain(DESIGN_EVIDENCE.measuring[level]!.sv);
      }
    }
    expect(measured.size).toBeLessThan(4);
  });
});

describe('reports without descriptions, and in English', () => {
  it('print no design section when no programme is described', async () => {
    const text = (await pdfText(await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 1 }))).join('\n');
    expect(text).not.toContain('Programmets utformning');
    expect(text).not.toContain('utformningsdrag');
  });

  it('print the section in English with the English texts', async () => {
    const text = flat((await pdfText(await renderReport({ metrics: withDesign(), settings: exampleSettings('en'), version: 1 }))).join('\n'));
    expect(text).toContain('Programme design: Leadership basics');
    expect(text).toContain('The programme had 5 of the 7 design features that research links to larger effects.');
    expect(text).toContain(flat(en.design.notCause));
  });
});
