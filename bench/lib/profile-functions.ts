/**
 * A V8 CPU profile (.cpuprofile) of a render, summarised by FUNCTION: self time (samples whose leaf is the
 * function) and total time (samples with the function anywhere on the stack, counted once per sample),
 * each function named by its original source file:line through the bundle's source map (as
 * profile-summary.ts maps modules). The phase table says where a render's time goes; this says which
 * function to change.
 *
 *   tsx bench/lib/profile-functions.ts <file.cpuprofile> [renders=10] [top=30] [--total]
 */
import { readFileSync } from 'node:fs';
import type { SourceMap } from 'node:module';
import { callStacks, sourceMapOf, type CpuProfile } from './profile-summary.ts';

export interface FunctionRow {
  /** `name (file:line)`, file relative to node_modules or the repository. */
  key: string;
  selfMs: number;
  totalMs: number;
}

function locate(call: { functionName: string; url: string; lineNumber: number; columnNumber: number }, maps: Map<string, SourceMap | null>): string {
  const { url, functionName } = call;
  if (!url) return functionName || '(anonymous)';
  if (url.startsWith('node:')) return `${functionName || '(anonymous)'} (${url}:${call.lineNumber + 1})`;
  const map = sourceMapOf(url, maps);
  let source = url;
  let line = call.lineNumber + 1;
  let name = functionName || '(anonymous)';
  if (map) {
    const entry = map.findEntry(call.lineNumber, call.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (entry.originalSource) {
      source = entry.originalSource;
      line = (entry.originalLine ?? 0) + 1;
      if (entry.name) name = entry.name;
    }
  }
  const nodeModules = source.lastIndexOf('node_modules/');
  const file = nodeModules !== -1 ? source.slice(nodeModules + 'node_modules/'.length) : (/(?:^|\/)((?:functions|bench|cli)\/.*)$/.exec(source)?.[1] ?? source);
  return `${name} (${file}:${line})`;
}

export function functionRows(profile: CpuProfile): { rows: FunctionRow[]; totalMs: number } {
  const maps = new Map<string, SourceMap | null>();
  const stacks = callStacks(profile, (call) => locate(call, maps));
  const keyOf = stacks.frameOf;
  // A function counted once per sample, however often it recurs on the stack.
  const distinct = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    let keys = distinct.get(id);
    if (!keys) {
      keys = [...new Set(stacks.stackOf(id))];
      distinct.set(id, keys);
    }
    return keys;
  };
  // Same sample weighting as profile-summary.ts: the median interval, so a descheduled gap is not charged to a frame.
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const ms = (deltas[Math.floor(deltas.length / 2)] ?? 0) / 1000;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  for (const sample of profile.samples) {
    const leaf = keyOf(sample);
    if (leaf === '(idle)') continue;
    totalMs += ms;
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    for (const k of stackOf(sample)) total.set(k, (total.get(k) ?? 0) + ms);
  }
  const rows = [...total].map(([key, t]) => ({ key, selfMs: self.get(key) ?? 0, totalMs: t }));
  return { rows, totalMs };
}

export function functionTable(profile: CpuProfile, renders = 1, top = 30, by: 'self' | 'total' = 'self'): string {
  const { rows, totalMs } = functionRows(profile);
  rows.sort((a, b) => (by === 'self' ? b.selfMs - a.selfMs : b.totalMs - a.totalMs));
  const r = (n: number) => Math.round((n / renders) * 10) / 10;
  const lines = [`| # | function (file:line) | self ms/render | total ms/render | self share |`, '|---|---|---|---|---|'];
  rows.slice(0, top).forEach((row, i) => {
    lines.push(`| ${i + 1} | ${row.key} | ${r(row.selfMs)} | ${r(row.totalMs)} | ${Math.round((row.selfMs / totalMs) * 1000) / 10} % |`);
  });
  lines.push(`| | sampled CPU | ${r(totalMs)} | | |`);
  return lines.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const [file, renders = '10', top = '30'] = args;
  const profile = JSON.parse(readFileSync(file!, 'utf8')) as CpuProfile;
  console.log(functionTable(profile, Number(renders), Number(top), process.argv.includes('--total') ? 'total' : 'self'));
}
