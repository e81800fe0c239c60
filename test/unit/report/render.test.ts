/** The rendered PDF read back: headline figures, Swedish and English wording, metadata and byte-for-byte determinism. */
import { readPdf } from '../../helpers/pdf-document.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReport, ReportRenderError } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

let swedish: Uint8Array;
let swedishPages: string[];
let english: Uint8Array;
let englishPages: string[];
const warnings: string[] = [];

beforeAll(async () => {
  // svg-to-pdfkit reports a font it cannot open with console.warn and silently falls back: that must never happen.
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  swedish = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 3 });
  english = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('en'), version: 3 });
  warn.mockRestore();
  swedishPages = await pdfText(swedish);
  englishPages = await pdfText(english);
});

afterEach(() => vi.restoreAllMocks());

const all = (pages: string[]) => pages.join('\n');

describe('the Swedish report', () => {
  it('is a PDF with a page number and footer on every page', () => {
    expect(Buffer.from(swedish.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(swedishPages.length).toBeGreaterThanOrEqual(8);
    swedishPages.forEach((page, i) => {
      expect(page).toContain(`Sida ${i + 1} av ${swedishPages.length}`);
      expect(page).toContain('Effektrapport 2025, version 3');
    });
  });

  it('draws SVG text with the embedded Roboto, no font fallbacks', () => {
    expect(warnings).toEqual([]);
  });

  it('opens with the cover: client, year, programme names, period and version', () => {
    const cover = swedishPages[0] ?? '';
    expect(cover).toContain('Ledarutveckling 2025');
    expect(cover).toContain('Södertälje kommun, socialkontoret');
    expect(cover).toContain('Utvecklande ledarskap');
    expect(cover).toContain('Ledningsgruppens utveckling');
    expect(cover).toContain('3 februari–25 oktober 2025');
    expect(cover).toMatch(/Version\s+3/);
  });

  it('leads with the headline figures in Swedish format, each with its n', () => {
    const summary = swedishPages.find((p) => p.startsWith('Sammanfattning')) ?? '';
    const reaction = exampleMetrics().reaction;
    expect(reaction?.satisfaction.mean).toBeCloseTo(8.81, 2);
    expect(summary).toContain('Sammanfattning');
    expect(summary).toMatch(/8,8\s+av 10/);
    expect(summary).toMatch(/8,3\s+av 10/);
    expect(summary).toContain('+44');
    expect(summary).toContain('NPS, skala 0–10');
    expect(summary).toContain('n = 54');
    expect(summary).toContain('tydlig förbättring');
    expect(summary).toContain('54 deltagare');
    const metrics = exampleMetrics();
    expect(summary).toContain(`${metrics.leadersMeasured} ledare mättes före och efter`);
    expect(summary).not.toMatch(/\d\.\d/);
  });

  it('has every section, in order', () => {
    // Each section opens a page with its heading.
    const headings = ['Sammanfattning', 'Effektpyramiden', 'Reaktioner', 'Före och efter', 'Över åren', 'Metodbilaga'];
    const pages = headings.map((h) => swedishPages.findIndex((p) => p.startsWith(`${h}\n`)));
    pages.forEach((p) => expect(p).toBeGreaterThan(0));
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
  });

  it('shows the pyramid levels with their key figures', () => {
    // Letter-spaced SVG titles come back from pdfjs one glyph at a time: compare without spaces.
    const page = (swedishPages.find((p) => p.startsWith('Effektpyramiden\n')) ?? '').replace(/\s+/g, '');
    for (const text of ['NIVÅ4·RESULTAT', 'NIVÅ1·REAKTION', 'mediang=0,85', 'nöjdhet8,8av10', 'Hållbartmedarbetarengagemang(HME)']) {
      expect(page).toContain(text);
    }
  });

  it('says "ej mätt" for a level that was not measured', async () => {
    const metrics = exampleMetrics();
    const results = metrics.kirkpatrick.find((l) => l.level === 4);
    if (!results) throw new Error('fixture has no level 4');
    results.measured = false;
    delete results.keyFigure;
    const pages = await pdfText(await renderReport({ metrics, settings: exampleSettings('sv'), version: 1 }));
    expect(pages.find((p) => p.startsWith('Effektpyramiden\n'))).toContain('ej mätt');
  });

  it('states benchmarks, verdicts and the descriptive-only reason in Swedish', () => {
    const text = all(swedishPages);
    expect(text).toContain('Jämförelsevärde 0,82');
    expect(text).toContain('ingen säker förändring');
    expect(text).toContain('Utgivaren anger att Team Pro Inventory');
    expect(text).toMatch(/−0,0[0-9]/);
    expect(text).toContain('Lacerenza');
  });

  it('carries PDF metadata: title, author, subject, language and dates from the data', async () => {
    const { info } = await readPdf(swedish, (document) => document.getMetadata());
    expect(info).toMatchObject({
      Title: 'Effektrapport 2025 – Södertälje kommun, socialkontoret',
      Author: 'Effekt Organisationspsykologi',
      Language: 'sv-SE',
    });
    expect(String((info as Record<string, unknown>).CreationDate)).toContain('20251025');
  });
});

describe('the English report', () => {
  it('uses English wording and number format throughout', () => {
    const text = all(englishPages);
    expect(englishPages[0]).toContain('Leadership development 2025');
    expect(englishPages.find((p) => p.startsWith('Summary'))).toMatch(/8\.8\s+out of 10/);
    expect(englishPages[1]).toMatch(/^Key findings/);
    expect(text).toContain('Page 1 of');
    expect(text).toContain('Method appendix');
    expect(text).toContain('clear improvement');
    expect(text).toContain('Before and after');
    expect(text).not.toContain('Sammanfattning');
    expect(text).not.toMatch(/\d,\d\d? av/);
  });

  it('names the instruments in English where they have an English name', () => {
    const text = all(englishPages);
    expect(text).toContain('Leadership knowledge (knowledge test)');
    expect(text.replace(/\s+/g, '')).toContain('Sustainableemployeeengagement(HME)');
    expect(text).not.toContain('kunskapstest');
    expect(text).not.toContain('medarbetarengagemang');
    // Brand names without a translation stay as they are.
    expect(text).toContain('Lead Forward');
  });
});

describe('determinism', () => {
  it('renders the same input to byte-identical PDFs', async () => {
    const again = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 3 });
    expect(Buffer.from(again).equals(Buffer.from(swedish))).toBe(true);
  });
});

describe('failures', () => {
  it('throws ReportRenderError naming the section instead of producing half a report', async () => {
    const metrics = exampleMetrics();
    (metrics as unknown as { kirkpatrick: null }).kirkpatrick = null;
    const attempt = renderReport({ metrics, settings: exampleSettings('sv'), version: 1 });
    await expect(attempt).rejects.toBeInstanceOf(ReportRenderError);
    await expect(attempt).rejects.toMatchObject({ section: 'pyramid' });
  });

  it('refuses a version that is not a positive integer', async () => {
    await expect(renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 0 })).rejects.toBeInstanceOf(ReportRenderError);
  });
});
