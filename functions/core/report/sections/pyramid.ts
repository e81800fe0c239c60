/** Kirkpatrick's four levels as a vector pyramid: what was measured at each level and its key figure, or "not measured". */
import type { Content } from 'pdfmake/interfaces.js';
import type { KirkpatrickLevel } from '../../model/index.ts';
import { CONTENT_WIDTH, type ReportContext } from '../context.ts';
import { paragraph, sectionStart } from '../layout.ts';
import { withRole } from '../structure.ts';
import { readableInk } from '../theme.ts';
import { fill } from '../texts.ts';
import { drawingNode, recordDrawing, type ChartDrawing } from '../vega-pdf.ts';

const WIDTH = CONTENT_WIDTH;
const PYRAMID_WIDTH = 270;
const LEVEL_HEIGHT = 96;
const GAP = 5;
const TOP = 6;
const TEXT_X = PYRAMID_WIDTH + 34;

export function pyramidSection(ctx: ReportContext): Content[] {
  const { t } = ctx;
  return [
    sectionStart(t.pyramid.heading, [
      paragraph(t.pyramid.intro, 'lead'),
      {
        stack: [
          withRole(drawingNode(pyramidDrawing(ctx), WIDTH), { figure: pyramidAlt(ctx) }),
          paragraph(ctx.metrics.kirkpatrick.some((l) => l.keyFigure?.kind === 'median-gav') ? t.pyramid.caption : t.pyramid.captionWithoutEffects, 'caption'),
        ],
        unbreakable: true,
        margin: [0, 8, 0, 0],
      },
    ]),
  ];
}

interface LevelText {
  title: string;
  question: string;
  measure: string;
  figure: string;
  n: string;
  measured: boolean;
}

export function levelTexts(ctx: ReportContext, level: KirkpatrickLevel): LevelText {
  const { t, f } = ctx;
  const title = `${fill(t.pyramid.levelWord, { level: level.level })} · ${t.pyramid.levels[level.name]}`.toUpperCase();
  const question = t.pyramid.questions[level.name];
  // An unmeasured level says what could be measured there next time.
  if (!level.measured) return { title, question, measure: t.pyramid.measureNext[level.name], figure: t.pyramid.notMeasured, n: '', measured: false };
  const measure =
    level.name === 'reaction'
      ? t.pyramid.reactionMeasure
      : level.instruments.map((id) => ctx.instrumentName(id)).join(', ');
  const key = level.keyFigure;
  let figure = t.pyramid.suppressed;
  if (key?.kind === 'satisfaction-mean') figure = fill(t.pyramid.keySatisfaction, { value: f.number(key.value), max: f.integer(key.scaleMax ?? 10) });
  if (key?.kind === 'median-gav') figure = fill(t.pyramid.keyMedianGav, { value: f.number(key.value, 2) });
  if (key?.kind === 'mean-diff') figure = fill(t.pyramid.keyMeanDiff, { value: f.signed(key.value) });
  const n = fill(t.pyramid.n, { n: f.integer(level.n), unit: t.pyramid.units[level.unit] });
  // "Self-rated" would mislabel a knowledge test or a unit's indicator: say who rated only for ratings.
  const rated = level.instruments.some((id) => ctx.instrument(id)?.kind === 'rating' && ctx.instrument(id)?.descriptiveOnly !== true);
  const basis = key?.kind === 'median-gav' && key.basis && rated ? ` · ${t.pyramid.basis[key.basis]}` : '';
  return { title, question, measure, figure, n: `${n}${basis}`, measured: true };
}

/** The pyramid's alt text: each level, bottom up, with its key figure and n or "not measured". */
export function pyramidAlt(ctx: ReportContext): string {
  const levels = [1, 2, 3, 4].flatMap((number) => {
    const level = ctx.metrics.kirkpatrick.find((l) => l.level === number);
    if (!level) return [];
    const text = levelTexts(ctx, level);
    const figure = text.n ? fill(ctx.t.a11y.pyramidN, { figure: text.figure, n: text.n }) : text.figure;
    return [fill(ctx.t.a11y.pyramidLevel, { number, name: ctx.t.pyramid.levels[level.name].toLowerCase(), figure })];
  });
  return fill(ctx.t.a11y.pyramid, { levels: levels.join('; ') });
}

/** Level 4 at the top, level 1 at the base; each band is a trapezoid cut from one triangle. */
export function pyramidDrawing(ctx: ReportContext): ChartDrawing {
  const { colors, pyramid, font } = ctx.theme;
  const levels = [4, 3, 2, 1].map((n) => ctx.metrics.kirkpatrick.find((l) => l.level === n));
  const totalHeight = TOP + 4 * LEVEL_HEIGHT + 3 * GAP;
  const apexY = TOP - 30;
  const slope = PYRAMID_WIDTH / 2 / (totalHeight - apexY);
  const centre = PYRAMID_WIDTH / 2;
  const halfAt = (y: number) => (y - apexY) * slope;
  return recordDrawing(WIDTH, totalHeight + 4, (canvas) => {
    const text = (x: number, y: number, value: string, style: TextStyle) => {
      canvas.font = `${style.bold ? 'bold ' : ''}${style.size}px ${font.family}`;
      canvas.fillStyle = style.fill;
      canvas.textAlign = style.anchor === 'middle' ? 'center' : 'left';
      canvas.letterSpacing = `${style.spacing ?? 0}px`;
      canvas.fillText(value, x, y);
    };
    levels.forEach((level, row) => {
      const y0 = TOP + row * (LEVEL_HEIGHT + GAP);
      const y1 = y0 + LEVEL_HEIGHT;
      const number = 4 - row;
      const texts = level ? levelTexts(ctx, level) : undefined;
      const measured = texts?.measured === true;
      const fillColor = measured ? (pyramid.levels[number - 1] ?? colors.primary) : pyramid.unmeasured;
      canvas.fillStyle = fillColor;
      canvas.beginPath();
      canvas.moveTo(centre - halfAt(y0), y0);
      canvas.lineTo(centre + halfAt(y0), y0);
      canvas.lineTo(centre + halfAt(y1), y1);
      canvas.lineTo(centre - halfAt(y1), y1);
      canvas.closePath();
      canvas.fill();
      const ink = measured ? readableInk(fillColor) : colors.muted;
      const midY = (y0 + y1) / 2;
      text(centre, midY - 2, `${number}`, { size: 22, bold: true, fill: ink, anchor: 'middle' });
      text(centre, midY + 14, ctx.t.pyramid.levels[level?.name ?? 'reaction'], { size: 9, bold: true, fill: ink, anchor: 'middle' });
      // Leader line from the band's right edge to the description.
      canvas.strokeStyle = colors.rule;
      canvas.lineWidth = 0.8;
      canvas.beginPath();
      canvas.moveTo(centre + halfAt(midY) + 6, midY);
      canvas.lineTo(TEXT_X - 8, midY);
      canvas.stroke();
      if (!texts) return;
      text(TEXT_X, y0 + 14, texts.title, { size: 7.5, bold: true, fill: colors.accentText, spacing: 0.8 });
      text(TEXT_X, y0 + 28, texts.question, { size: 9, fill: colors.muted });
      text(TEXT_X, y0 + 50, texts.figure, { size: measured ? 15 : 12, bold: measured, fill: measured ? colors.primary : colors.muted });
      if (texts.measure) text(TEXT_X, y0 + 67, truncate(texts.measure, 40), { size: 8.5, fill: colors.text });
      if (texts.n) text(TEXT_X, y0 + 80, texts.n, { size: 8, fill: colors.muted });
    });
  });
}

interface TextStyle {
  size: number;
  bold?: boolean;
  fill: string;
  anchor?: 'middle';
  spacing?: number;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
