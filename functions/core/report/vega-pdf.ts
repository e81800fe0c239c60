/**
 * Charts drawn from vega's scenegraph straight into the PDF: no SVG string, nothing parsed again.
 *
 * vega lays a chart out into a scenegraph (groups, rules, symbols, rects, lines, texts at the positions it
 * computed). vega-scenegraph's own canvas draw functions (`Marks[type].draw`, the same code its
 * CanvasRenderer runs) walk that scenegraph and call a 2D-canvas context; `PdfCanvas` (pdf-canvas.ts) is that context over
 * pdfkit: paths, fills, strokes, dashes, clips and text become PDF operators. So every mark is drawn with
 * vega's own geometry (its symbol and rectangle path generators, its text anchors and baseline offsets), and
 * the text stays real text in the report's embedded Roboto, as with the SVG before.
 *
 * The draw functions run once, when the chart is laid out, against `CanvasRecorder`: the chart keeps only the
 * list of canvas calls (strings and numbers), and vega's View and scenegraph can go at once. In pdfmake a chart
 * is still an `svg` node (so it is measured, placed, kept with its caption and tagged as a Figure like any
 * picture), but its SVG is only an empty box of the chart's size; the node carries the recorded chart under
 * `CHART_DRAWING`, and `installChartDrawing` makes pdfmake's `renderSVG` replay it on a `PdfCanvas` instead.
 *
 * Canvas semantics kept: save/restore (the PDF's q/Q only around clips), the current transform (applied to
 * coordinates here; the PDF's matrix changes only for rotated text), globalAlpha per fill and stroke, line
 * dash, caps, joins. Anything vega could ask for that the report's charts do not use (gradients, images,
 * blend modes) fails loudly rather than drawing something else.
 */
import { Marks } from './vega-core.ts';
import { FONT_FAMILY } from './theme.ts';
import { PdfCanvas, type CanvasMethods, type ChartDocument } from './pdf-canvas.ts';

/** Property of a pdfmake svg node holding the chart (a `ChartDrawing`) to draw instead of its SVG. */
export const CHART_DRAWING = '_chartDrawing';

/** One vega scenegraph node: a mark (`marktype`, `items`) or an item of one (a group item has `items` too). */
export interface SceneNode {
  marktype?: string;
  items?: SceneNode[];
  [key: string]: unknown;
}

/** A chart as vega laid it out: its scenegraph and the box vega's SVG renderer would have drawn it in. */
export interface ChartScene {
  /** `view.scenegraph().root`: the root group mark. */
  root: SceneNode;
  /** The whole chart, padding included, in points (1 px = 1 pt). */
  width: number;
  height: number;
  /** Where the root group's (0, 0) is in that box. */
  origin: [number, number];
  background: string | null;
}


/** Where pdfmake placed the chart: the svg node as its renderer gets it. */
export interface PlacedChart {
  x: number;
  y: number;
  _width: number;
  _height: number;
  /** The node's font family (pdfmake's style), for text whose font the document lacks. */
  font?: string;
}

/**
 * One call vega's draw functions made on the canvas: a method and its arguments, or `=` with a property and its
 * value. Only strings and numbers: a recorded chart holds nothing of vega's View or scenegraph.
 */
export type CanvasCall = readonly (string | number)[];

/** A chart ready to draw: the box it was laid out in (points, 1 px = 1 pt) and the canvas calls that draw it. */
export interface ChartDrawing {
  width: number;
  height: number;
  calls: CanvasCall[];
}

/**
 * Runs vega's draw functions over the scene once, recording their canvas calls, so the View and its scenegraph
 * can go as soon as the chart is laid out (a report holds many charts until pdfmake draws its pages).
 */
export function recordChart(chart: ChartScene): ChartDrawing {
  const recorder = new CanvasRecorder();
  if (chart.background) {
    recorder.fillStyle = chart.background;
    recorder.beginPath();
    recorder.rect(0, 0, chart.width, chart.height);
    recorder.fill();
  }
  recorder.translate(chart.origin[0], chart.origin[1]);
  SCENE_RENDERER.draw(recorder, chart.root, null);
  return { width: chart.width, height: chart.height, calls: recorder.calls };
}

/** What a drawing made outside vega (the Kirkpatrick pyramid) may ask of the canvas: paths, fills, strokes and text. */
export type DrawingCanvas = Pick<
  CanvasRecorder,
  'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textAlign' | 'letterSpacing' | 'beginPath' | 'moveTo' | 'lineTo' | 'closePath' | 'fill' | 'stroke' | 'fillText'
>;

/**
 * A drawing of the given size (points) recorded like a chart, to be drawn like one (`CHART_DRAWING`): a picture
 * of the report's own, drawn straight into the PDF instead of as an SVG that svg-to-pdfkit would parse per report.
 */
export function recordDrawing(width: number, height: number, draw: (canvas: DrawingCanvas) => void): ChartDrawing {
  const recorder = new CanvasRecorder();
  draw(recorder);
  return { width, height, calls: recorder.calls };
}

/** Draws a chart into the box pdfmake gave it, scaled to fit like an SVG with a viewBox (xMidYMid meet). */
export function drawChart(doc: ChartDocument, chart: ChartDrawing, box: PlacedChart, fallbackFamily: string): void {
  const scale = Math.min(box._width / chart.width, box._height / chart.height);
  const dx = (box._width - chart.width * scale) / 2;
  const dy = (box._height - chart.height * scale) / 2;
  doc.save();
  doc.transform(scale, 0, 0, scale, box.x + dx, box.y + dy);
  // An SVG's viewport clips what lies outside it.
  doc.rect(0, 0, chart.width, chart.height);
  doc.clip();
  replay(chart.calls, new PdfCanvas(doc, box.font ?? fallbackFamily));
  doc.restore();
}


/** The properties vega sets on the canvas, recorded and replayed as they are. */
const PROPERTIES = ['fillStyle', 'strokeStyle', 'globalAlpha', 'lineWidth', 'lineCap', 'lineJoin', 'miterLimit', 'lineDashOffset', 'font', 'textAlign', 'letterSpacing', 'globalCompositeOperation'] as const;
type Property = (typeof PROPERTIES)[number];

/** A canvas that only writes down what it is asked to draw; it refuses at once what PdfCanvas could not draw. */
class CanvasRecorder implements CanvasMethods {
  readonly calls: CanvasCall[] = [];

  set fillStyle(value: unknown) {
    this.property('fillStyle', paintable(value));
  }
  set strokeStyle(value: unknown) {
    this.property('strokeStyle', paintable(value));
  }
  set globalAlpha(value: number) {
    this.property('globalAlpha', value);
  }
  set lineWidth(value: number) {
    this.property('lineWidth', value);
  }
  set lineCap(value: string) {
    this.property('lineCap', value);
  }
  set lineJoin(value: string) {
    this.property('lineJoin', value);
  }
  set miterLimit(value: number) {
    this.property('miterLimit', value);
  }
  set lineDashOffset(value: number) {
    this.property('lineDashOffset', value);
  }
  set font(value: string) {
    this.property('font', value);
  }
  set textAlign(value: string) {
    this.property('textAlign', value);
  }
  set letterSpacing(value: string) {
    this.property('letterSpacing', value);
  }
  set globalCompositeOperation(value: string) {
    if (value !== 'source-over') throw new Error(`chart blend mode "${value}" cannot be drawn into the PDF (vega-pdf.ts)`);
    this.property('globalCompositeOperation', value);
  }

  save(): void {
    this.calls.push(['save']);
  }
  restore(): void {
    this.calls.push(['restore']);
  }
  translate(x: number, y: number): void {
    this.calls.push(['translate', x, y]);
  }
  rotate(angle: number): void {
    this.calls.push(['rotate', angle]);
  }
  scale(x: number, y: number): void {
    this.calls.push(['scale', x, y]);
  }
  beginPath(): void {
    this.calls.push(['beginPath']);
  }
  moveTo(x: number, y: number): void {
    this.calls.push(['moveTo', x, y]);
  }
  lineTo(x: number, y: number): void {
    this.calls.push(['lineTo', x, y]);
  }
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void {
    this.calls.push(['bezierCurveTo', x1, y1, x2, y2, x, y]);
  }
  quadraticCurveTo(x1: number, y1: number, x: number, y: number): void {
    this.calls.push(['quadraticCurveTo', x1, y1, x, y]);
  }
  arc(cx: number, cy: number, r: number, a0: number, a1: number, counterclockwise = false): void {
    this.calls.push(['arc', cx, cy, r, a0, a1, counterclockwise ? 1 : 0]);
  }
  rect(x: number, y: number, width: number, height: number): void {
    this.calls.push(['rect', x, y, width, height]);
  }
  closePath(): void {
    this.calls.push(['closePath']);
  }
  fill(): void {
    this.calls.push(['fill']);
  }
  stroke(): void {
    this.calls.push(['stroke']);
  }
  clip(): void {
    this.calls.push(['clip']);
  }
  fillText(text: string, x: number, y: number): void {
    this.calls.push(['fillText', String(text), x, y]);
  }
  setLineDash(dash: number[]): void {
    this.calls.push(['setLineDash', ...dash]);
  }
  strokeText(): never {
    throw new Error('outlined chart text cannot be drawn into the PDF (vega-pdf.ts)');
  }
  createLinearGradient(): never {
    throw new Error('chart gradients cannot be drawn into the PDF (vega-pdf.ts)');
  }
  createRadialGradient(): never {
    return this.createLinearGradient();
  }
  drawImage(): never {
    throw new Error('chart images cannot be drawn into the PDF (vega-pdf.ts)');
  }

  private property(name: Property, value: string | number): void {
    this.calls.push(['=', name, value]);
  }
}

function paintable(value: unknown): string {
  if (typeof value !== 'string') throw new Error('chart gradients and patterns cannot be drawn into the PDF (vega-pdf.ts)');
  return value;
}

/** Plays recorded calls on a canvas. */
function replay(calls: readonly CanvasCall[], canvas: PdfCanvas): void {
  const n = (call: CanvasCall, i: number) => call[i] as number;
  for (const call of calls) {
    switch (call[0]) {
      case '=':
        (canvas as unknown as Record<Property, unknown>)[call[1] as Property] = call[2];
        break;
      case 'save':
        canvas.save();
        break;
      case 'restore':
        canvas.restore();
        break;
      case 'translate':
        canvas.translate(n(call, 1), n(call, 2));
        break;
      case 'rotate':
        canvas.rotate(n(call, 1));
        break;
      case 'scale':
        canvas.scale(n(call, 1), n(call, 2));
        break;
      case 'beginPath':
        canvas.beginPath();
        break;
      case 'moveTo':
        canvas.moveTo(n(call, 1), n(call, 2));
        break;
      case 'lineTo':
        canvas.lineTo(n(call, 1), n(call, 2));
        break;
      case 'bezierCurveTo':
        canvas.bezierCurveTo(n(call, 1), n(call, 2), n(call, 3), n(call, 4), n(call, 5), n(call, 6));
        break;
      case 'quadraticCurveTo':
        canvas.quadraticCurveTo(n(call, 1), n(call, 2), n(call, 3), n(call, 4));
        break;
      case 'arc':
        canvas.arc(n(call, 1), n(call, 2), n(call, 3), n(call, 4), n(call, 5), call[6] === 1);
        break;
      case 'rect':
        canvas.rect(n(call, 1), n(call, 2), n(call, 3), n(call, 4));
        break;
      case 'closePath':
        canvas.closePath();
        break;
      case 'fill':
        canvas.fill();
        break;
      case 'stroke':
        canvas.stroke();
        break;
      case 'clip':
        canvas.clip();
        break;
      case 'fillText':
        canvas.fillText(call[1] as string, n(call, 2), n(call, 3));
        break;
      case 'setLineDash':
        canvas.setLineDash(call.slice(1) as number[]);
        break;
      default:
        throw new Error(`unknown recorded canvas call "${call[0]}"`);
    }
  }
}

interface MarkDrawer {
  draw(this: SceneRenderer, context: CanvasMethods, scene: SceneNode, bounds: null): void;
}

interface SceneRenderer {
  draw(context: CanvasMethods, scene: SceneNode, bounds: null): void;
}

const MARKS = Marks as unknown as Record<string, MarkDrawer | undefined>;
const DRAWN = new Set(['group', 'rect', 'rule', 'symbol', 'text', 'line', 'area', 'arc', 'path', 'shape', 'trail']);

/** vega's CanvasRenderer.draw, without bounds culling: a mark's own clip, then its draw function. */
const SCENE_RENDERER: SceneRenderer = {
  draw(context, scene) {
    const type = scene.marktype ?? '';
    const mark = MARKS[type];
    if (!mark || !DRAWN.has(type)) throw new Error(`chart mark type "${type}" cannot be drawn into the PDF (vega-pdf.ts)`);
    const clip = scene.clip;
    if (clip) {
      context.save();
      context.beginPath();
      if (typeof clip === 'function') (clip as (context: CanvasMethods) => void)(context);
      else {
        const group = (scene.group ?? {}) as { width?: number; height?: number };
        context.rect(0, 0, group.width ?? 0, group.height ?? 0);
      }
      context.clip();
    }
    mark.draw.call(SCENE_RENDERER, context, scene, null);
    if (clip) context.restore();
  },
};


type Prototype = Record<string, unknown>;

/**
 * Makes pdfmake's `renderSVG` draw a chart node's scene instead of its (empty) SVG. Install before the tagging
 * hooks wrap `renderSVG`, so the chart is drawn inside its Figure's marked content like any SVG.
 */
export function installChartDrawing(renderer: Prototype): void {
  const renderSVG = renderer.renderSVG as (this: { pdfDocument: ChartDocument }, item: Record<string, unknown>) => unknown;
  if (typeof renderSVG !== 'function') throw new Error('pdfmake changed: Renderer.renderSVG is gone; charts are drawn through it (see vega-pdf.ts)');
  if ((renderSVG as { [DRAWS_CHARTS]?: true })[DRAWS_CHARTS]) return;
  const drawing = function (this: { pdfDocument: ChartDocument }, item: Record<string, unknown>) {
    const chart = item[CHART_DRAWING] as ChartDrawing | undefined;
    if (!chart) return renderSVG.call(this, item);
    drawChart(this.pdfDocument, chart, item as unknown as PlacedChart, FONT_FAMILY);
  };
  (drawing as { [DRAWS_CHARTS]?: true })[DRAWS_CHARTS] = true;
  renderer.renderSVG = drawing;
}

const DRAWS_CHARTS = Symbol('effekt.drawsCharts');

/**
 * A pdfmake node for a recorded drawing (a chart, the pyramid) shown `width` points wide: an svg node, so pdfmake
 * measures, places and tags it like a picture, whose renderer draws the recording (`installChartDrawing`).
 */
export function drawingNode(drawing: ChartDrawing, width: number): { svg: string; width: number; [CHART_DRAWING]: ChartDrawing } {
  return { svg: chartBox(drawing), width, [CHART_DRAWING]: drawing };
}

/** An empty SVG of the chart's size: what pdfmake measures and scales; `drawChart` draws the chart itself. */
function chartBox(chart: { width: number; height: number }): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}"/>`;
}
