/**
 * `PdfCanvas`: the part of a 2D-canvas context that vega-scenegraph's draw functions use, drawing into pdfkit
 * (paths, fills, strokes, dashes, clips, and text in the report's embedded fonts). vega-pdf.ts records a
 * chart's canvas calls and replays them here; see there for how a chart reaches the PDF.
 */
import { subscriptRuns } from './typography.ts';

/** The part of pdfmake's pdfkit document drawn on (public pdfkit API, and pdfmake's own `provideFont`). */
export interface ChartDocument {
  save(): unknown;
  restore(): unknown;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): unknown;
  moveTo(x: number, y: number): unknown;
  lineTo(x: number, y: number): unknown;
  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): unknown;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): unknown;
  rect(x: number, y: number, width: number, height: number): unknown;
  closePath(): unknown;
  fill(): unknown;
  stroke(): unknown;
  clip(): unknown;
  fillColor(color: string | number[], opacity?: number): unknown;
  strokeColor(color: string | number[], opacity?: number): unknown;
  lineWidth(width: number): unknown;
  lineCap(cap: string): unknown;
  lineJoin(join: string): unknown;
  miterLimit(limit: number): unknown;
  addContent(operators: string): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string): number;
  text(text: string, x: number, y: number, options: Record<string, unknown>): unknown;
  provideFont(family: string, bold: boolean, italics: boolean): unknown;
  fonts: Record<string, unknown>;
  _font: unknown;
}

/** The canvas API vega's draw functions use (setting properties aside). */
export interface CanvasMethods {
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
  scale(x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void;
  quadraticCurveTo(x1: number, y1: number, x: number, y: number): void;
  arc(cx: number, cy: number, r: number, a0: number, a1: number, counterclockwise?: boolean): void;
  rect(x: number, y: number, width: number, height: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
  clip(): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(dash: number[]): void;
}


type Matrix = [number, number, number, number, number, number];

interface CanvasState {
  matrix: Matrix;
  fillStyle: unknown;
  strokeStyle: unknown;
  globalAlpha: number;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  miterLimit: number;
  lineDash: number[];
  lineDashOffset: number;
  font: string;
  textAlign: string;
  /** The canvas's letter spacing, a CSS length in px (1 px = 1 pt here): space added after each character. */
  letterSpacing: string;
  globalCompositeOperation: string;
}

/** What the PDF's graphics state holds, as far as this chart has set it (undefined: unknown). */
interface EmittedState {
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  lineCap?: string;
  lineJoin?: string;
  miterLimit?: number;
  dash?: string;
}

interface Level {
  state: CanvasState;
  /** The PDF state when this level emitted `q` (it does so only for a clip), else undefined. */
  emitted?: EmittedState;
}

interface ParsedFont {
  family: string;
  bold: boolean;
  italic: boolean;
  size: number;
}

const TAU = 2 * Math.PI;
const BOLD = new Set(['bold', 'bolder', '500', '600', '700', '800', '900']);
const fonts = new Map<string, ParsedFont>();
const colors = new Map<string, { rgb: string | number[]; alpha: number } | null>();

/** The part of CanvasRenderingContext2D that vega-scenegraph's draw functions use, drawing into pdfkit. */
export class PdfCanvas implements CanvasState, CanvasMethods {
  matrix: Matrix = [1, 0, 0, 1, 0, 0];
  fillStyle: unknown = '#000';
  strokeStyle: unknown = '#000';
  globalAlpha = 1;
  lineWidth = 1;
  lineCap = 'butt';
  lineJoin = 'miter';
  miterLimit = 10;
  lineDash: number[] = [];
  lineDashOffset = 0;
  font = '10px sans-serif';
  textAlign = 'left';
  letterSpacing = '0px';
  globalCompositeOperation = 'source-over';
  private readonly levels: Level[] = [];
  private emitted: EmittedState = {};
  /** The current path, in the chart's coordinates (the current transform applied): operator, then its numbers. */
  private path: (string | number)[] = [];
  private current: [number, number] | null = null;
  private start: [number, number] | null = null;

  constructor(
    private readonly doc: ChartDocument,
    private readonly fallbackFamily: string,
  ) {}

  setLineDash(dash: number[]): void {
    this.lineDash = dash.slice();
  }
  getLineDash(): number[] {
    return this.lineDash.slice();
  }

  save(): void {
    const state: CanvasState = {
      matrix: [...this.matrix],
      fillStyle: this.fillStyle,
      strokeStyle: this.strokeStyle,
      globalAlpha: this.globalAlpha,
      lineWidth: this.lineWidth,
      lineCap: this.lineCap,
      lineJoin: this.lineJoin,
      miterLimit: this.miterLimit,
      lineDash: this.lineDash,
      lineDashOffset: this.lineDashOffset,
      font: this.font,
      textAlign: this.textAlign,
      letterSpacing: this.letterSpacing,
      globalCompositeOperation: this.globalCompositeOperation,
    };
    this.levels.push({ state });
  }

  restore(): void {
    const level = this.levels.pop();
    if (!level) return;
    Object.assign(this, level.state);
    if (level.emitted) {
      this.doc.restore();
      this.emitted = level.emitted;
    }
  }

  translate(x: number, y: number): void {
    const m = this.matrix;
    m[4] += m[0] * x + m[2] * y;
    m[5] += m[1] * x + m[3] * y;
  }

  rotate(angle: number): void {
    if (angle === 0) return;
    const m = this.matrix;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const [a, b, c, d] = m;
    m[0] = a * cos + c * sin;
    m[1] = b * cos + d * sin;
    m[2] = c * cos - a * sin;
    m[3] = d * cos - b * sin;
  }

  scale(x: number, y: number): void {
    const m = this.matrix;
    m[0] *= x;
    m[1] *= x;
    m[2] *= y;
    m[3] *= y;
  }

  beginPath(): void {
    this.path = [];
    this.current = null;
    this.start = null;
  }

  moveTo(x: number, y: number): void {
    const [px, py] = this.point(x, y);
    this.path.push('m', px, py);
    this.current = [px, py];
    this.start = [px, py];
  }

  lineTo(x: number, y: number): void {
    const [px, py] = this.point(x, y);
    if (!this.current) {
      this.path.push('m', px, py);
      this.start = [px, py];
    } else this.path.push('l', px, py);
    this.current = [px, py];
  }

  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void {
    if (!this.current) this.moveTo(x1, y1);
    const [ax, ay] = this.point(x1, y1);
    const [bx, by] = this.point(x2, y2);
    const [px, py] = this.point(x, y);
    this.path.push('c', ax, ay, bx, by, px, py);
    this.current = [px, py];
  }

  quadraticCurveTo(x1: number, y1: number, x: number, y: number): void {
    if (!this.current) this.moveTo(x1, y1);
    const [ax, ay] = this.point(x1, y1);
    const [px, py] = this.point(x, y);
    this.path.push('v', ax, ay, px, py);
    this.current = [px, py];
  }

  /** A circular arc as cubic Béziers of at most a quarter turn each (canvas semantics for the sweep). */
  arc(cx: number, cy: number, r: number, a0: number, a1: number, counterclockwise = false): void {
    let sweep = a1 - a0;
    if (!counterclockwise) sweep = sweep >= TAU ? TAU : ((sweep % TAU) + TAU) % TAU;
    else sweep = -sweep >= TAU ? -TAU : -((((-sweep) % TAU) + TAU) % TAU);
    const x0 = cx + r * Math.cos(a0);
    const y0 = cy + r * Math.sin(a0);
    const [px, py] = this.point(x0, y0);
    if (!this.current) this.moveTo(x0, y0);
    else if (Math.abs(this.current[0] - px) > 1e-9 || Math.abs(this.current[1] - py) > 1e-9) this.lineTo(x0, y0);
    if (sweep === 0 || r === 0) return;
    const segments = Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9);
    const delta = sweep / segments;
    const k = (4 / 3) * Math.tan(delta / 4) * r;
    let t = a0;
    for (let i = 0; i < segments; i++) {
      const t1 = t + delta;
      const cos0 = Math.cos(t);
      const sin0 = Math.sin(t);
      const cos1 = Math.cos(t1);
      const sin1 = Math.sin(t1);
      this.bezierCurveTo(cx + r * cos0 - k * sin0, cy + r * sin0 + k * cos0, cx + r * cos1 + k * sin1, cy + r * sin1 - k * cos1, cx + r * cos1, cy + r * sin1);
      t = t1;
    }
  }

  rect(x: number, y: number, width: number, height: number): void {
    const m = this.matrix;
    if (m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1) {
      const [px, py] = this.point(x, y);
      this.path.push('re', px, py, width, height);
      this.current = [px, py];
      this.start = [px, py];
      return;
    }
    this.moveTo(x, y);
    this.lineTo(x + width, y);
    this.lineTo(x + width, y + height);
    this.lineTo(x, y + height);
    this.closePath();
  }

  closePath(): void {
    if (!this.current) return;
    this.path.push('h');
    this.current = this.start;
  }

  fill(): void {
    const color = this.paint(this.fillStyle);
    if (!color) return;
    this.setFill(color);
    this.emitPath();
    this.doc.fill();
  }

  stroke(): void {
    const color = this.paint(this.strokeStyle);
    if (!color || this.lineWidth <= 0) return;
    const doc = this.doc;
    const emitted = this.emitted;
    const key = `${color.rgb}/${color.alpha}`;
    if (emitted.stroke !== key) {
      doc.strokeColor(color.rgb, color.alpha);
      emitted.stroke = key;
    }
    const { lineWidth, lineCap, lineJoin, miterLimit, lineDash, lineDashOffset } = this;
    if (emitted.lineWidth !== lineWidth) doc.lineWidth((emitted.lineWidth = lineWidth));
    if (emitted.lineCap !== lineCap) doc.lineCap((emitted.lineCap = lineCap));
    if (emitted.lineJoin !== lineJoin) doc.lineJoin((emitted.lineJoin = lineJoin));
    if (emitted.miterLimit !== miterLimit) doc.miterLimit((emitted.miterLimit = miterLimit));
    // A dash without gaps (vega-lite's solid grid is "1,0") is a solid line; canvas repeats an odd-length array twice.
    const pattern = lineDash.length % 2 === 1 ? [...lineDash, ...lineDash] : lineDash;
    const gaps = pattern.some((value, i) => i % 2 === 1 && value > 0);
    const dash = gaps ? `[${lineDash.map(decimal).join(' ')}] ${decimal(lineDashOffset)} d` : '[] 0 d';
    if (emitted.dash !== dash) {
      // pdfkit's dash() refuses zero lengths, which a canvas dash array may hold.
      doc.addContent(dash);
      emitted.dash = dash;
    }
    this.emitPath();
    doc.stroke();
  }

  clip(): void {
    const level = this.levels[this.levels.length - 1];
    if (level && !level.emitted) {
      // The PDF graphics state is saved only where something will need restoring: a clip.
      level.emitted = { ...this.emitted };
      this.doc.save();
    }
    this.emitPath();
    this.doc.clip();
  }

  /** Real text in the report's font at vega's anchor; `g_av` as a smaller, lowered "av" (typography.ts). */
  fillText(text: string, x: number, y: number): void {
    const color = this.paint(this.fillStyle);
    if (!color || text === '') return;
    const doc = this.doc;
    const font = parseFont(this.font);
    const face = doc.provideFont(this.familyFor(font.family), font.bold, font.italic);
    const runs = subscriptRuns(text, font.size) ?? [{ text, size: font.size, shift: 0 }];
    const spacing = letterSpacingOf(this.letterSpacing);
    let width = 0;
    const widths = runs.map((run) => {
      doc._font = face;
      doc.fontSize(run.size);
      // As a canvas measures it: the spacing follows every character, the last one included.
      const w = doc.widthOfString(run.text) + spacing * run.text.length;
      width += w;
      return w;
    });
    const align = this.textAlign;
    let at = align === 'center' ? x - width / 2 : align === 'right' || align === 'end' ? x - width : x;
    this.setFill(color);
    const m = this.matrix;
    const rotated = m[0] !== 1 || m[1] !== 0 || m[2] !== 0 || m[3] !== 1;
    let baseline = y;
    if (rotated) {
      doc.save();
      doc.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
    } else {
      at += m[4];
      baseline += m[5];
    }
    runs.forEach((run, i) => {
      doc._font = face;
      doc.fontSize(run.size);
      doc.text(run.text, at, baseline + run.shift, spacing === 0 ? { lineBreak: false, baseline: 'alphabetic' } : { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
      at += widths[i]!;
    });
    if (rotated) doc.restore();
  }

  private point(x: number, y: number): [number, number] {
    const m = this.matrix;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }

  private setFill(color: { rgb: string | number[]; alpha: number }): void {
    const key = `${color.rgb}/${color.alpha}`;
    if (this.emitted.fill === key) return;
    this.doc.fillColor(color.rgb, color.alpha);
    this.emitted.fill = key;
  }

  private emitPath(): void {
    const doc = this.doc;
    const path = this.path;
    for (let i = 0; i < path.length; ) {
      const op = path[i++];
      const n = (): number => path[i++] as number;
      if (op === 'm') doc.moveTo(n(), n());
      else if (op === 'l') doc.lineTo(n(), n());
      else if (op === 'c') doc.bezierCurveTo(n(), n(), n(), n(), n(), n());
      else if (op === 'v') doc.quadraticCurveTo(n(), n(), n(), n());
      else if (op === 're') doc.rect(n(), n(), n(), n());
      else doc.closePath();
    }
  }

  /** A CSS colour times globalAlpha, or null when nothing is painted. */
  private paint(style: unknown): { rgb: string | number[]; alpha: number } | null {
    if (this.globalCompositeOperation !== 'source-over') throw new Error(`chart blend mode "${this.globalCompositeOperation}" cannot be drawn into the PDF (vega-pdf.ts)`);
    if (typeof style !== 'string') throw new Error('chart gradients and patterns cannot be drawn into the PDF (vega-pdf.ts)');
    const color = parseColor(style);
    if (!color) return null;
    const alpha = color.alpha * this.globalAlpha;
    return alpha > 0 ? { rgb: color.rgb, alpha } : null;
  }

  private familyFor(families: string): string {
    for (const family of families.split(',')) {
      const name = family.trim().replace(/^["']|["']$/g, '');
      if (this.doc.fonts[name]) return name;
    }
    return this.fallbackFamily;
  }
}

/** A canvas font string as vega writes it: `[style] [variant] [weight] <size>px <family>`. */
function parseFont(value: string): ParsedFont {
  let font = fonts.get(value);
  if (!font) {
    const match = /^(.*?)(-?[\d.]+)px\s+(.*)$/.exec(value);
    if (!match) throw new Error(`chart font "${value}" is not a canvas font`);
    const words = match[1]!.trim().split(/\s+/);
    font = { family: match[3]!, bold: words.some((w) => BOLD.has(w)), italic: words.includes('italic') || words.includes('oblique'), size: Number(match[2]) };
    fonts.set(value, font);
  }
  return font;
}

/** `#rgb`, `#rrggbb`, `rgb()`/`rgba()`, `transparent`/`none` and CSS names (pdfkit knows them). */
function parseColor(value: string): { rgb: string | number[]; alpha: number } | null {
  let color = colors.get(value);
  if (color !== undefined) return color;
  const text = value.trim().toLowerCase();
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text);
  if (text === 'transparent' || text === 'none' || text === '') color = null;
  else if (/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/.test(text) || /^[a-z]+$/.test(text)) color = { rgb: text, alpha: 1 };
  else if (rgb) color = { rgb: [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])], alpha: rgb[4] === undefined ? 1 : Number(rgb[4]) };
  else throw new Error(`chart colour "${value}" cannot be drawn into the PDF (vega-pdf.ts)`);
  colors.set(value, color);
  return color;
}

function decimal(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A canvas letterSpacing ("0.8px") in points; anything but a px length is refused rather than drawn wrong. */
function letterSpacingOf(value: string): number {
  if (value === '0px') return 0;
  const match = /^(-?\d+(?:\.\d+)?)px$/.exec(value);
  if (!match) throw new Error(`letter spacing "${value}" cannot be drawn into the PDF (pdf-canvas.ts)`);
  return Number(match[1]);
}
