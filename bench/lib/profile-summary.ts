/**
 * Summarises a V8 CPU profile (.cpuprofile) of a render by phase and by module, for docs/benchmarks.md.
 * Frames of the minified bundle are mapped back to their source file through the bundle's source map
 * (node:module SourceMap, no dependency). Each sample is given to one phase by what is on its stack, in
 * this order (first match wins):
 *   GC                      V8's "(garbage collector)" pseudo-frame
 *   load                    cold profile only: every sample before renderReport was called
 *   SVG → PDF               pdfmake's svg-to-pdfkit and SVG measuring (xmldoc, sax), and vega-pdf.ts / pdf-canvas.ts drawing
 *                           a chart's scenegraph into the PDF (what replaced the charts' SVG)
 *   chart compile           vega-runtime (and vega-parser where it is still bundled): the runtime description
 *                           that `npm run charts` parsed at build time built into a View's dataflow with its
 *                           expressions code-generated, once per kept View (per chart, locale and shape)
 *   chart render to SVG     charts.ts and the rest of vega / d3 (dataflow run, scenegraph; the name
 *                           is kept for comparison with earlier profiles, no SVG string is written)
 *   fonts                   fonts.ts, fontkit and its table decoders (glyph metrics, shaping, subsetting)
 *   text layout             pdfmake's measuring and line breaking (DocMeasure, LayoutBuilder, TextInlines, …)
 *   metrics → doc definition our report code outside the above (sections, layout rules, structure plan)
 *   PDF output              pdfkit, pdfmake's Renderer and zlib: writing objects and compressing streams
 *   V8 / other              "(program)" (compiling, runtime) and whatever matched nothing else
 * `idle` samples are left out. Each sample counts as the profile's median sampling interval rather than
 * its own time delta: on a shared machine a process that was descheduled gets one long delta, which
 * would put the waiting on whatever stack happened to be sampled next. The figures are CPU time.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const PHASES = [
  'GC',
  'load',
  'SVG → PDF',
  'chart compile',
  'chart render to SVG',
  'fonts',
  'text layout',
  'metrics → doc definition',
  'PDF output',
  'V8 / other',
] as const;
export type Phase = (typeof PHASES)[number];

export interface ProfileSummary {
  /** Sampled time, ms, idle excluded. */
  totalMs: number;
  phasesMs: Record<Phase, number>;
  /** Self time per module (an npm package, a file of ours, or a V8 pseudo-frame), ms, largest first. */
  modulesMs: Record<string, number>;
}

interface Frame {
  /** npm package or repository file, e.g. `pdfmake` or `functions/core/report/charts.ts`. */
  module: string;
  /** File inside the package (`pdfmake/js/LayoutBuilder.js`) or the repository file. */
  file: string;
  name: string;
}

/** The source map beside a bundled file (`<file>.map`), read once per profile; null when there is none. */
export function sourceMapOf(url: string, maps: Map<string, SourceMap | null>): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    map = null;
    try {
      const path = url.startsWith('file://') ? new URL(url).pathname : url;
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      // no map beside the file: keep the generated location
    }
    maps.set(url, map);
  }
  return map;
}

function frameOf(call: CallFrame, maps: Map<string, SourceMap | null>): Frame {
  const { url, functionName } = call;
  if (!url) return { module: functionName.startsWith('(') ? functionName : '(native)', file: functionName, name: functionName };
  if (url.startsWith('node:')) return { module: url, file: url, name: functionName };
  const map = sourceMapOf(url, maps);
  let source = url;
  if (map) {
    const entry = map.findEntry(call.lineNumber, call.columnNumber) as { originalSource?: string };
    if (entry.originalSource) source = entry.originalSource;
  }
  const nodeModules = source.lastIndexOf('node_modules/');
  if (nodeModules !== -1) {
    const rest = source.slice(nodeModules + 'node_modules/'.length);
    const parts = rest.split('/');
    const pkg = rest.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    return { module: pkg, file: rest, name: functionName };
  }
  const repo = /(?:^|\/)((?:functions|bench|cli)\/.*)$/.exec(source.replace(/^file:\/\//, ''));
  const file = repo ? repo[1]! : source;
  return { module: file, file, name: functionName };
}

const SVG_PDF = (f: Frame) =>
  f.module === 'svg-to-pdfkit' || f.module === 'xmldoc' || f.module === 'sax' || f.file.startsWith('pdfmake/js/3rd-party/svg-to-pdfkit') || f.file === 'pdfmake/js/SVGMeasure.js' || f.module === 'functions/core/report/vega-pdf.ts' || f.module === 'functions/core/report/pdf-canvas.ts';
const FONT_MODULES = new Set(['fontkit', 'restructure', 'unicode-properties', 'unicode-trie', 'dfa', 'tiny-inflate', 'brotli', 'functions/core/report/fonts.ts', 'functions/render/brotli-decompress.ts']);
const TEXT_LAYOUT = new Set(['pdfmake/js/DocMeasure.js', 'pdfmake/js/LayoutBuilder.js', 'pdfmake/js/TextInlines.js', 'pdfmake/js/TextBreaker.js', 'pdfmake/js/PageElementWriter.js', 'pdfmake/js/ElementWriter.js', 'pdfmake/js/DocPreprocessor.js', 'pdfmake/js/StyleContextStack.js', 'pdfmake/js/TableProcessor.js', 'pdfmake/js/columnCalculator.js', 'pdfmake/js/Line.js', 'pdfmake/js/DocumentContext.js']);

function phaseOf(stack: Frame[]): Phase {
  const leaf = stack[stack.length - 1]!;
  if (leaf.name === '(garbage collector)') return 'GC';
  if (stack.some(SVG_PDF)) return 'SVG → PDF';
  if (stack.some((f) => f.module === 'vega-parser' || f.module === 'vega-runtime')) return 'chart compile';
  const chartModule = (f: Frame) => f.module === 'functions/core/report/charts.ts' || f.module.startsWith('vega') || f.module.startsWith('d3-');
  if (stack.some(chartModule)) return 'chart render to SVG';
  if (stack.some((f) => FONT_MODULES.has(f.module))) return 'fonts';
  if (stack.some((f) => TEXT_LAYOUT.has(f.file) || f.module === 'linebreak')) return 'text layout';
  const pdfWork = stack.some((f) => f.module === 'pdfkit' || f.module === 'pdfmake' || f.module === 'node:zlib');
  if (!pdfWork && stack.some((f) => f.module.startsWith('functions/'))) return 'metrics → doc definition';
  if (pdfWork || leaf.module === '(native)') return 'PDF output';
  return 'V8 / other';
}

/**
 * A profile's nodes as `describe` names their call frames, each described once: `frameOf(id)` a node's own
 * frame, `stackOf(id)` its stack from the root (itself last). Both are memoised per node.
 */
export function callStacks<F>(profile: CpuProfile, describe: (call: CallFrame) => F): { frameOf(id: number): F; stackOf(id: number): F[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frames = new Map<number, F>();
  const frameOf = (id: number): F => {
    if (!frames.has(id)) frames.set(id, describe(byId.get(id)!.callFrame));
    return frames.get(id) as F;
  };
  const stacks = new Map<number, F[]>();
  const stackOf = (id: number): F[] => {
    let stack = stacks.get(id);
    if (!stack) {
      const up = parent.get(id);
      stack = [...(up === undefined ? [] : stackOf(up)), frameOf(id)];
      stacks.set(id, stack);
    }
    return stack;
  };
  return { frameOf, stackOf };
}

/** `renderStartUs`: the monotonic time (µs) renderReport was called; samples before it are `load`. */
export function summariseProfile(profile: CpuProfile, renderStartUs?: number): ProfileSummary {
  const maps = new Map<string, SourceMap | null>();
  const { stackOf } = callStacks(profile, (call) => frameOf(call, maps));
  const phasesMs = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const modules = new Map<string, number>();
  let totalUs = 0;
  let at = profile.startTime;
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const us = deltas[Math.floor(deltas.length / 2)] ?? 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const stack = stackOf(profile.samples[i]!);
    const leaf = stack[stack.length - 1]!;
    if (leaf.name === '(idle)') continue;
    totalUs += us;
    const phase = renderStartUs !== undefined && at < renderStartUs && leaf.name !== '(garbage collector)' ? 'load' : phaseOf(stack);
    phasesMs[phase] += us / 1000;
    modules.set(leaf.module, (modules.get(leaf.module) ?? 0) + us / 1000);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  for (const p of PHASES) phasesMs[p] = round(phasesMs[p]);
  const modulesMs = Object.fromEntries([...modules].sort((a, b) => b[1] - a[1]).map(([m, ms]) => [m, round(ms)]));
  return { totalMs: round(totalUs / 1000), phasesMs, modulesMs };
}

/** A Markdown table: phase, ms per render, share. */
export function phaseTable(summary: ProfileSummary, renders = 1): string {
  const lines = ['| phase | ms per render | share |', '|---|---|---|'];
  for (const p of PHASES) {
    const ms = summary.phasesMs[p];
    if (ms === 0) continue;
    lines.push(`| ${p} | ${Math.round((ms / renders) * 10) / 10} | ${Math.round((ms / summary.totalMs) * 1000) / 10} % |`);
  }
  lines.push(`| **sampled CPU** | **${Math.round((summary.totalMs / renders) * 10) / 10}** | 100 % |`);
  return lines.join('\n');
}

/** The `top` modules by self time. */
export function moduleTable(summary: ProfileSummary, renders = 1, top = 15): string {
  const lines = ['| module (self time) | ms per render | share |', '|---|---|---|'];
  for (const [m, ms] of Object.entries(summary.modulesMs).slice(0, top)) {
    lines.push(`| ${m} | ${Math.round((ms / renders) * 10) / 10} | ${Math.round((ms / summary.totalMs) * 1000) / 10} % |`);
  }
  return lines.join('\n');
}

// `tsx bench/lib/profile-summary.ts <file.cpuprofile> [renders] [renderStartUs]`
if (import.meta.filename === process.argv[1]) {
  const [file, renders = '1', start] = process.argv.slice(2);
  const summary = summariseProfile(JSON.parse(readFileSync(file!, 'utf8')) as CpuProfile, start ? Number(start) : undefined);
  console.log(`${phaseTable(summary, Number(renders))}\n\n${moduleTable(summary, Number(renders))}`);
}
