/**
 * vega-pdf.ts draws a chart's vega scenegraph into pdfkit through vega's own canvas draw functions. Drawn here
 * into a document that records what it is asked to do; test/unit/report/render.test.ts and structure.test.ts
 * read the charts back from real PDFs (their text, and the Figures they sit in).
 */
import { describe, expect, it } from 'vitest';
import { CHART_NAMES, layoutChart, renderChart } from '../../../functions/core/report/charts.ts';
import { PdfCanvas, type ChartDocument } from '../../../functions/core/report/pdf-canvas.ts';
import { drawChart, recordChart, recordDrawing, type ChartDrawing } from '../../../functions/core/report/vega-pdf.ts';
import { SAMPLE, sceneMarks, sceneTexts } from './chart-samples.ts';

interface DrawnText {
  text: string;
  x: number;
  y: number;
  size: number;
  font: unknown;
  characterSpacing?: number;
}

/** A pdfkit stand-in: every call as a line, texts apart; a glyph is half the font size wide. */
function recorder(): ChartDocument & { ops: string[]; texts: DrawnText[] } {
  const ops: string[] = [];
  const texts: DrawnText[] = [];
  let size = 12;
  const op =
    (name: string) =>
    (...args: unknown[]) => {
      ops.push(`${name} ${args.map((a) => (typeof a === 'number' ? Math.round(a * 1000) / 1000 : JSON.stringify(a))).join(' ')}`.trim());
    };
  const doc = {
    ops,
    texts,
    fonts: { Roboto: {} },
    _font: undefined as unknown,
    save: op('q'),
    restore: op('Q'),
    transform: op('cm'),
    moveTo: op('m'),
    lineTo: op('l'),
    bezierCurveTo: op('c'),
    quadraticCurveTo: op('v'),
    rect: op('re'),
    closePath: op('h'),
    fill: op('f'),
    stroke: op('S'),
    clip: op('W'),
    fillColor: op('fill'),
    strokeColor: op('stroke'),
    lineWidth: op('w'),
    lineCap: op('J'),
    lineJoin: op('j'),
    miterLimit: op('M'),
    addContent: op('raw'),
    fontSize(value: number) {
      size = value;
    },
    widthOfString(text: string) {
      return text.length * size * 0.5;
    },
    text(text: string, x: number, y: number, options: { characterSpacing?: number } = {}) {
      ops.push(`text ${text}`);
      texts.push({ text, x, y, size, font: doc._font, ...(options.characterSpacing === undefined ? {} : { characterSpacing: options.characterSpacing }) });
    },
    provideFont(family: string, bold: boolean, italics: boolean) {
      return `${family}${bold ? ' bold' : ''}${italics ? ' italic' : ''}`;
    },
  };
  return doc;
}

function draw(chart: ChartDrawing): ReturnType<typeof recorder> {
  const doc = recorder();
  drawChart(doc, chart, { x: 10, y: 20, _width: chart.width, _height: chart.height }, 'Roboto');
  return doc;
}

describe('charts drawn from the vega scenegraph', () => {
  it.each(CHART_NAMES)('%s: draws every text of the scene as text, in Roboto, the same each time', async (name) => {
    const scene = await layoutChart(name, SAMPLE[name], 'sv');
    const doc = draw(recordChart(scene));
    const expected = sceneTexts(scene.root).map((t) => t.text);
    expect(doc.texts.map((t) => t.text)).toEqual(expected);
    for (const text of doc.texts) expect(String(text.font)).toMatch(/^Roboto/);
    expect(draw(await renderChart(name, SAMPLE[name], 'sv')).ops).toEqual(doc.ops);
  });

  it('draws every mark type the specs use (group, rect, rule, symbol, text, line)', async () => {
    const types = new Set<string>();
    for (const name of CHART_NAMES) for (const mark of sceneMarks((await layoutChart(name, SAMPLE[name], 'sv')).root)) types.add(String(mark.marktype));
    expect([...types].sort()).toEqual(['group', 'line', 'rect', 'rule', 'symbol', 'text']);
  });

  it.each(CHART_NAMES)('%s: the box holds the whole scene (the size and origin vega gives its own renderers)', async (name) => {
    const chart = await layoutChart(name, SAMPLE[name], 'sv');
    const bounds = chart.root.bounds as { x1: number; y1: number; x2: number; y2: number };
    expect(bounds.x1 + chart.origin[0]).toBeGreaterThanOrEqual(-1);
    expect(bounds.y1 + chart.origin[1]).toBeGreaterThanOrEqual(-1);
    expect(bounds.x2 + chart.origin[0]).toBeLessThanOrEqual(chart.width + 1);
    expect(bounds.y2 + chart.origin[1]).toBeLessThanOrEqual(chart.height + 1);
    // Padding on every side: the content does not start at the box's edge.
    expect(chart.origin[0]).toBeGreaterThan(0);
  });

  it('scales the chart into the box pdfmake gives it, keeping its proportions', async () => {
    const chart = await renderChart('trend', SAMPLE.trend, 'sv');
    const doc = recorder();
    drawChart(doc, chart, { x: 10, y: 20, _width: chart.width / 2, _height: chart.height / 2 }, 'Roboto');
    expect(doc.ops.slice(0, 4)).toEqual(['q', 'cm 0.5 0 0 0.5 10 20', `re 0 0 ${chart.width} ${chart.height}`, 'W']);
    expect(doc.ops.at(-1)).toBe('Q');
  });

  it('draws an index in chart text as a smaller run below the baseline, right after the letter', async () => {
    const chart = await renderChart(
      'trend',
      { data: { values: [1, 2].map((i) => ({ panel: 'Median g_av', panelOrder: 2, series: 'Median g_av', seriesOrder: 4, year: String(2023 + i), value: i / 4, label: '' })) } },
      'sv',
    );
    const { texts } = draw(chart);
    const at = texts.findIndex((t) => t.text === 'Median g');
    expect(at).toBeGreaterThanOrEqual(0);
    const [base, index] = [texts[at]!, texts[at + 1]!];
    expect(index.text).toBe('av');
    expect(index.size).toBeCloseTo(base.size * 0.72, 2);
    expect(index.y - base.y).toBeCloseTo(base.size * 0.22, 2);
    expect(index.x - base.x).toBeCloseTo('Median g'.length * base.size * 0.5, 6);
    expect(texts.some((t) => t.text.includes('g_av'))).toBe(false);
  });
});

describe('PdfCanvas', () => {
  it('anchors text by its alignment, at the current translation', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.translate(100, 50);
    canvas.font = 'bold 10px Roboto';
    for (const align of ['left', 'center', 'right']) {
      canvas.textAlign = align;
      canvas.fillText('abcd', 0, 0);
    }
    expect(doc.texts.map((t) => [t.x, t.y, t.font])).toEqual([
      [100, 50, 'Roboto bold'],
      [90, 50, 'Roboto bold'],
      [80, 50, 'Roboto bold'],
    ]);
  });

  it('spaces letters as a canvas does: every character followed by the spacing, in the width it aligns by', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.font = '10px Roboto';
    canvas.textAlign = 'center';
    canvas.save();
    canvas.letterSpacing = '1px';
    canvas.fillText('abcd', 100, 0);
    canvas.restore();
    canvas.fillText('abcd', 100, 0);
    // 4 glyphs of 5 pt, plus 4 × 1 pt of spacing: 24 pt wide, so it starts 12 pt left of the anchor.
    expect(doc.texts.map((t) => [t.x, t.characterSpacing])).toEqual([
      [88, 1],
      [90, undefined],
    ]);
    canvas.letterSpacing = '0.1em';
    expect(() => canvas.fillText('a', 0, 0)).toThrow(/letter spacing "0.1em"/);
  });

  it('draws rotated text in a rotated coordinate system, and takes the family from the document or the fallback', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.font = '8px "Helvetica Neue", sans-serif';
    canvas.translate(10, 20);
    canvas.rotate(-Math.PI / 2);
    canvas.fillText('y', 0, 0);
    expect(doc.ops).toEqual(['fill "#000" 1', 'q', 'cm 0 -1 1 0 10 20', 'text y', 'Q']);
    expect(doc.texts[0]).toMatchObject({ x: 0, y: 0, font: 'Roboto' });
  });

  it('strokes with vega dash arrays, treating one without gaps as solid, and sets each state once', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.strokeStyle = '#E3E9EB';
    for (const dash of [[1, 0], [4, 3], [4, 3]]) {
      canvas.setLineDash(dash);
      canvas.beginPath();
      canvas.moveTo(0, 0);
      canvas.lineTo(5, 0);
      canvas.stroke();
    }
    expect(doc.ops.filter((o) => o.startsWith('raw'))).toEqual(['raw "[] 0 d"', 'raw "[4 3] 0 d"']);
    expect(doc.ops.filter((o) => o.startsWith('stroke'))).toEqual(['stroke "#e3e9eb" 1']);
  });

  it('records a drawing made outside vega, letter spacing included, and draws it like a chart', () => {
    const drawing = recordDrawing(200, 100, (canvas) => {
      canvas.fillStyle = '#123456';
      canvas.beginPath();
      canvas.moveTo(0, 100);
      canvas.lineTo(100, 0);
      canvas.lineTo(200, 100);
      canvas.closePath();
      canvas.fill();
      canvas.font = 'bold 8px Roboto';
      canvas.textAlign = 'left';
      canvas.letterSpacing = '0.8px';
      canvas.fillText('NIVÅ 1', 10, 20);
    });
    expect(drawing).toMatchObject({ width: 200, height: 100 });
    const doc = draw(drawing);
    expect(doc.ops).toContain('fill "#123456" 1');
    expect(doc.ops.filter((o) => /^[mlh]\b/.test(o))).toEqual(['m 0 100', 'l 100 0', 'l 200 100', 'h']);
    expect(doc.texts).toEqual([{ text: 'NIVÅ 1', x: 10, y: 20, size: 8, font: 'Roboto bold', characterSpacing: 0.8 }]);
  });

  it('records nothing of the View or scenegraph: only strings and numbers', async () => {
    const chart = await renderChart('change-effect', SAMPLE['change-effect'], 'sv');
    expect(chart.calls.length).toBeGreaterThan(20);
    for (const call of chart.calls) for (const value of call) expect(['string', 'number']).toContain(typeof value);
  });

  it('fills with globalAlpha, skips what is transparent, and fails loudly on what it cannot draw', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.beginPath();
    canvas.rect(1, 2, 3, 4);
    canvas.globalAlpha = 0.5;
    canvas.fillStyle = 'rgba(255, 0, 0, 0.5)';
    canvas.fill();
    canvas.fillStyle = 'transparent';
    canvas.fill();
    expect(doc.ops).toEqual(['fill [255,0,0] 0.25', 're 1 2 3 4', 'f']);
    canvas.fillStyle = 'hsl(0, 50%, 50%)';
    expect(() => canvas.fill()).toThrow(/colour/);
    canvas.fillStyle = {};
    expect(() => canvas.fill()).toThrow(/gradients/);
  });

  it('draws a full circle as four quarter-turn Béziers through its four extreme points', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.translate(10, 10);
    canvas.beginPath();
    canvas.moveTo(2, 0);
    canvas.arc(0, 0, 2, 0, 2 * Math.PI);
    canvas.fill();
    const curves = doc.ops.filter((o) => o.startsWith('c '));
    expect(curves.map((c) => c.split(' ').slice(-2).join(' '))).toEqual(['10 12', '8 10', '10 8', '12 10']);
  });

  it('saves the PDF state only for a clip, and restores it with the clip', () => {
    const doc = recorder();
    const canvas = new PdfCanvas(doc, 'Roboto');
    canvas.save();
    canvas.translate(5, 5);
    canvas.restore();
    canvas.save();
    canvas.beginPath();
    canvas.rect(0, 0, 10, 10);
    canvas.clip();
    canvas.restore();
    expect(doc.ops).toEqual(['q', 're 0 0 10 10', 'W', 'Q']);
  });
});
