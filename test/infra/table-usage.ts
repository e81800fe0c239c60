import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT, type Stage } from '../../infra/handler-entries.ts';

/**
 * Which DynamoDB actions each stage's code can call, read from the source rather than written down a
 * second time: the infra tests compare it with the grants in the template, so a new table call
 * without a grant (or a grant nothing uses any more) fails a test instead of a deploy.
 *
 * 1. functions/aws/store/*.ts: every public method of every store class → the actions its body sends
 *    through the TableClient (`this.table.get(` …), with calls to the class's other methods resolved.
 *    `query`/`queryRaw` go to the table, `queryIndex` to gsi1.
 * 2. A stage: every file its handler imports (relative imports, transitively, outside functions/core and
 *    the store modules) → the store methods it calls (method names are unique across the stores).
 */

export interface TableActions {
  table: string[];
  index: string[];
}

const STORE_DIR = join(PROJECT_ROOT, 'functions/aws/store');

/** TableClient calls and what each sends. */
const HELPERS: Record<string, { action: string; index?: true }> = {
  'this.table.get(': { action: 'dynamodb:GetItem' },
  'this.table.batchGet(': { action: 'dynamodb:BatchGetItem' },
  'this.table.put(': { action: 'dynamodb:PutItem' },
  'this.table.delete(': { action: 'dynamodb:DeleteItem' },
  'this.table.update(': { action: 'dynamodb:UpdateItem' },
  'this.table.query(': { action: 'dynamodb:Query' },
  'this.table.queryRaw(': { action: 'dynamodb:Query' },
  'this.table.queryIndex(': { action: 'dynamodb:Query', index: true },
  'this.table.batchWrite(': { action: 'dynamodb:BatchWriteItem' },
};

interface MethodUse {
  table: Set<string>;
  index: Set<string>;
  calls: Set<string>;
}

/** The store classes' source, one entry per class. */
function storeClasses(): { name: string; body: string }[] {
  const classes: { name: string; body: string }[] = [];
  for (const file of readdirSync(STORE_DIR).filter((f) => f.endsWith('.ts') && f !== 'table-client.ts')) {
    const source = readFileSync(join(STORE_DIR, file), 'utf8');
    const starts = [...source.matchAll(/^export class (\w+)/gm)];
    starts.forEach((m, i) => classes.push({ name: m[1]!, body: source.slice(m.index, starts[i + 1]?.index ?? source.length) }));
  }
  return classes;
}

/** Public store methods and what each sends, with calls to the class's other methods (private ones too) resolved. */
export function tableMethodActions(): Map<string, TableActions> {
  const resolved = new Map<string, TableActions>();
  for (const { name: className, body: classBody } of storeClasses()) {
    // Methods sit at two spaces of indentation; a method's body runs to the next method.
    const starts = [...classBody.matchAll(/^ {2}(private )?async\*? (\w+)\(/gm)];
    const names = new Set(starts.map((m) => m[2]!));
    const raw = new Map<string, MethodUse>();
    starts.forEach((m, i) => {
      const body = classBody.slice(m.index, starts[i + 1]?.index ?? classBody.length);
      const use: MethodUse = { table: new Set(), index: new Set(), calls: new Set() };
      for (const [needle, { action, index }] of Object.entries(HELPERS)) if (body.includes(needle)) (index ? use.index : use.table).add(action);
      for (const c of body.matchAll(/this\.(\w+)\(/g)) if (names.has(c[1]!) && c[1] !== m[2]) use.calls.add(c[1]!);
      raw.set(m[2]!, use);
    });
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
    for (const m of starts) {
      if (m[1]) continue;
      const name = m[2]!;
      if (resolved.has(name)) throw new Error(`store method ${name} (${className}) is defined twice: stage use could not tell them apart`);
      const use = resolve(name, new Set([name]));
      resolved.set(name, { table: [...use.table].sort(), index: [...use.index].sort() });
    }
  }
  return resolved;
}

/** Files a stage's handler reaches through relative imports, outside functions/core and the store modules. */
export function stageSourceFiles(stage: Stage): string[] {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file) || !existsSync(file)) return;
    const rel = relative(PROJECT_ROOT, file);
    if (rel.startsWith(join('functions', 'core')) || file.startsWith(STORE_DIR)) return;
    found.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) visit(resolve(dirname(file), m[1]!));
  };
  visit(join(PROJECT_ROOT, 'functions', stage, 'handler.ts'));
  return [...found].sort();
}

/** The store methods a stage calls, and the DynamoDB actions they add up to. */
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

/** Which store (its key in `Stores`) each public store method belongs to, read from functions/aws/store/index.ts. */
export function storeOfMethod(): Map<string, string> {
  const index = readFileSync(join(STORE_DIR, 'index.ts'), 'utf8');
  const keyOfClass = new Map([...index.matchAll(/^ {4}(\w+): new (\w+)\(/gm)].map((m) => [m[2]!, m[1]!]));
  const owners = new Map<string, string>();
  for (const { name, body } of storeClasses()) {
    const key = keyOfClass.get(name);
    if (!key) continue;
    for (const m of body.matchAll(/^ {2}async\*? (\w+)\(/gm)) owners.set(m[1]!, key);
  }
  return owners;
}

/** The stores a stage's dependencies declare (`Pick<Stores, …>` in its files) and the stores its code calls. */
export function stageStores(stage: Stage): { declared: string[]; called: string[] } {
  const owners = storeOfMethod();
  const declared = new Set<string>();
  const called = new Set<string>();
  for (const file of stageSourceFiles(stage)) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/Pick<Stores, ([^>]+)>/g)) for (const k of m[1]!.matchAll(/'(\w+)'/g)) declared.add(k[1]!);
    for (const m of source.matchAll(/\.(\w+)\(/g)) {
      const owner = owners.get(m[1]!);
      if (owner) called.add(owner);
    }
  }
  return { declared: [...declared].sort(), called: [...called].sort() };
}
