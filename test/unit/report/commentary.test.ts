/** The consultant's commentary: a Markdown subset, printed after the key findings under the consultant's name. */
import { describe, expect, it } from 'vitest';
import { commentaryContent } from '../../../functions/core/report/commentary.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

const MARKDOWN = [
  'Programmet har **tydligt** stärkt cheferna i *svåra samtal*.',
  '',
  '- Fortsätt med handledning i trios',
  '- Mät **medarbetarnas** skattningar igen om ett år',
  '',
  '1. Första steget',
  '2. Andra steget',
  '',
  '<script>alert(1)</script> Rubriker som # och `kod` blir text.',
].join('\n');

describe('commentary Markdown', () => {
  it('keeps paragraphs, lists, bold and italics, and nothing else as markup', () => {
    const content = commentaryContent(MARKDOWN);
    expect(content[0]).toEqual({
      text: [
        { text: 'Programmet har ' },
        { text: 'tydligt', bold: true },
        { text: ' stärkt cheferna i ' },
        { text: 'svåra samtal', italics: true },
        { text: '.' },
      ],
      style: 'body',
    });
    expect(content[1]).toMatchObject({ ul: [{ stack: [{ text: [{ text: 'Fortsätt med handledning i trios' }] }] }, expect.anything()] });
    expect(content[2]).toHaveProperty('ol');
    expect(JSON.stringify(content)).not.toContain('<script>');
    expect(JSON.stringify(content)).toContain('kod');
  });
});

describe('commentary in the report', () => {
  it('is printed after the key findings, signed by the consultant', async () => {
    const metrics = { ...exampleMetrics(), commentary: MARKDOWN };
    const settings = { ...exampleSettings('sv'), consultantName: 'Anna Lindqvist' };
    const pages = await pdfText(await renderReport({ metrics, settings, version: 1 }));
    const findings = pages.findIndex((p) => p.startsWith('Det viktigaste i korthet'));
    const commentary = pages.findIndex((p) => p.startsWith('Konsultens kommentar'));
    expect(findings).toBe(1);
    expect(commentary).toBe(findings + 1);
    const text = pages[commentary]?.replace(/\s+/g, ' ') ?? '';
    // pdfjs puts a space where the font changes (italics to regular).
    expect(text).toMatch(/Programmet har tydligt stärkt cheferna i svåra samtal ?\./);
    expect(text).toContain('Mät medarbetarnas skattningar igen om ett år');
    expect(text).toContain('Anna Lindqvist, Effekt Organisationspsykologi');
  });

  it('is left out, with no invented recommendations, when there is none', async () => {
    const pages = await pdfText(await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 1 }));
    expect(pages.some((p) => p.startsWith('Konsultens kommentar'))).toBe(false);
  });
});
