/**
 * Real subscripts. The wording writes an index the plain way (`g_av`, `d_z`: a letter, an underscore, one to
 * three lower-case letters); the report prints it as a subscript: in text and tables as a pdfmake inline with
 * `sub`, in charts as a smaller run drawn below the baseline. A screen reader and copied text get "gav".
 */
import type { Content } from 'pdfmake/interfaces.js';

const PATTERN = '(?<![\\p{L}\\p{N}_])(\\p{L})_(\\p{Ll}{1,3})(?![\\p{L}\\p{N}_])';
const INDEX = new RegExp(PATTERN, 'gu');
const HAS_INDEX = new RegExp(PATTERN, 'u');

type Inline = string | Record<string, unknown>;

/** A string as pdfmake inlines with real subscripts, or the string itself when it has none. */
export function withSubscripts(text: string, style: Record<string, unknown> = {}): string | Inline[] {
  if (!HAS_INDEX.test(text)) return text;
  const parts: Inline[] = [];
  let at = 0;
  for (const match of text.matchAll(INDEX)) {
    const before = text.slice(at, match.index) + match[1];
    parts.push({ ...style, text: before }, { ...style, text: match[2], sub: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ ...style, text: text.slice(at) });
  return parts;
}

type Node = Record<string, unknown>;

/** Rewrites every text in a content tree in place (a section needs to do nothing). */
export function applySubscripts(content: Content[] | Content): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if ('text' in node) node.text = inlineText(node.text);
    for (const key of ['stack', 'columns', 'ul', 'ol']) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        // A bare string where a node is expected.
        if (typeof item === 'string') list[i] = { text: inlineText(item) };
        else visit(item);
      });
    }
    const table = node.table as { body?: unknown[][] } | undefined;
    if (table?.body) {
      for (const row of table.body) {
        row.forEach((cell, i) => {
          if (typeof cell === 'string') {
            const text = inlineText(cell);
            if (text !== cell) row[i] = { text };
          } else visit(cell);
        });
      }
    }
  };
  visit(content);
}

function inlineText(text: unknown): unknown {
  if (typeof text === 'string') return withSubscripts(text);
  if (!Array.isArray(text)) return text;
  return text.flatMap((item: unknown) => {
    if (typeof item === 'string') return withSubscripts(item);
    if (item !== null && typeof item === 'object' && typeof (item as Node).text === 'string') {
      const { text: inner, ...style } = item as Node;
      const converted = withSubscripts(inner as string, style);
      return typeof converted === 'string' ? [item] : converted;
    }
    return [item];
  });
}

/** A text run of a chart label: its text, font size and how far below the baseline it sits. */
export interface TextRun {
  text: string;
  size: number;
  shift: number;
}

/**
 * The same in a chart's text: `Median g_av` → "Median g" and a smaller "av" lowered below the baseline, sized
 * and shifted from the label's font size (vega-pdf.ts draws the runs one after the other). Null when it has none.
 */
export function subscriptRuns(text: string, size: number): TextRun[] | null {
  if (!HAS_INDEX.test(text)) return null;
  const small = Math.round(size * 0.72 * 100) / 100;
  const shift = Math.round(size * 0.22 * 100) / 100;
  const runs: TextRun[] = [];
  let at = 0;
  for (const match of text.matchAll(INDEX)) {
    runs.push({ text: text.slice(at, match.index) + match[1], size, shift: 0 }, { text: match[2]!, size: small, shift });
    at = match.index + match[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), size, shift: 0 });
  return runs;
}
