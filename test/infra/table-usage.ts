import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT, type Stage } from '../../infra/handler-entries.ts';

/**
 * Which DynamoDB actions each stage's code can call, read from the source rather than written down a
 * second time: the infra tests compare it with the grants in the template, so a new table call
 * without a grant (or a grant nothing uses any more) fails a test instead of a deploy.
 *
 * 1. functions/aws/table.ts: every public EffektTable method → the actions its body sends (its own
 *    commands, the get/put/delete helpers, queryAll, batchWrite, and the public methods it calls).
 *    A Query whose key condition starts with `gsi1pk` goes to the index, one on `pk` to the table.
 * 2. A stage: every file its handler imports (relative imports, transitively, outside functions/core,
 *    which never touches AWS) → the EffektTable methods it calls.
 */

export interface TableActions {
  table: string[];
  index: string[];
}

const TABLE_SOURCE = join(PROJECT_ROOT, 'functions/aws/table.ts');

const HELPERS: Record<string, string> = {
  'this.get(': 'dynamodb:GetItem',
  'this.put(': 'dynamodb:PutItem',
  'this.delete(': 'dynamodb:DeleteItem',
  'batchWrite(': 'dynamodb:BatchWriteItem',
};

interface MethodUse {
  table: Set<string>;
  index: Set<string>;
  calls: Set<string>;
}

/** Public EffektTable methods and what each sends, with calls to other public methods resolved. */
export function tableMethodActions(): Map<string, TableActions> {
  const source = readFileSync(TABLE_SOURCE, 'utf8');
  const classBody = source.slice(source.indexOf('export class EffektTable'));
  // Methods sit at two spaces of indentation; a method's body runs to the next method.
  const starts = [...classBody.matchAll(/^ {2}(private )?async\*? (\w+)\(/gm)];
  const raw = new Map<string, MethodUse>();
  const publicNames = new Set(starts.filter((m) => !m[1]).map((m) => m[2]!));
  starts.forEach((m, i) => {
    if (m[1]) return;
    const body = classBody.slice(m.index, starts[i + 1]?.index ?? classBody.length);
    const use: MethodUse = { table: new Set(), index: new Set(), calls: new Set() };
    for (const [needle, action] of Object.entries(HELPERS)) if (body.includes(needle)) use.table.add(action);
    for (const c of body.matchAll(/new (\w+)Command\(/g)) use.table.add(`dynamodb:${c[1]}`);
    if (body.includes('queryAll(')) {
      if (/KeyConditionExpression: '(pk|sk) /.test(body)) use.table.add('dynamodb:Query');
      if (/KeyConditionExpression: 'gsi1pk /.test(body)) use.index.add('dynamodb:Query');
    }
    for (const c of body.matchAll(/this\.(\w+)\(/g)) if (publicNames.has(c[1]!) && c[1] !== m[2]) use.calls.add(c[1]!);
    raw.set(m[2]!, use);
  });
  const resolved = new Map<string, TableActions>();
  const resolve = (name: string, seen: Set<string>): MethodUse => {
    const use = raw.get(name)!;
    const all: MethodUse = { table: new Set(use.table), index: new Set(use.index), calls: new Set() };
    for (const callee of use.calls) {
      if (seen.has(callee)) continue;
      const sub = resolve(callee, new Set([...seen, callee]));
      for (const a of sub.table) all.table.add(a);
      for (const a of sub.index) all.index.add(a);
    }
    return all;
  };
  for (const name of raw.keys()) {
    const use = resolve(name, new Set([name]));
    resolved.set(name, { table: [...use.table].sort(), index: [...use.index].sort() });
  }
  return resolved;
}

/** Files a stage's handler reaches through relative imports, outside functions/core and table.ts itself. */
export function stageSourceFiles(stage: Stage): string[] {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file) || !existsSync(file)) return;
    const rel = relative(PROJECT_ROOT, file);
    if (rel.startsWith(join('functions', 'core')) || file === TABLE_SOURCE) return;
    found.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) visit(resolve(dirname(file), m[1]!));
  };
  visit(join(PROJECT_ROOT, 'functions', stage, 'handler.ts'));
  return [...found].sort();
}

/** The EffektTable methods a stage calls, and the DynamoDB actions they add up to. */
export function stageTableUse(stage: Stage): { methods: string[]; actions: TableActions } {
  const methods = tableMethodActions();
  const called = new Set<string>();
  for (const file of stageSourceFiles(stage)) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\.(\w+)\(/g)) if (methods.has(m[1]!)) called.add(m[1]!);
  }
  const table = new Set<string>();
  const index = new Set<string>();
  for (const name of called) {
    for (const a of methods.get(name)!.table) table.add(a);
    for (const a of methods.get(name)!.index) index.add(a);
  }
  return { methods: [...called].sort(), actions: { table: [...table].sort(), index: [...index].sort() } };
}
