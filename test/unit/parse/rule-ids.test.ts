import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_MESSAGES, ruleText } from '../../../functions/core/parse/messages/index.ts';
import { RULES } from '../../../functions/core/parse/rules.ts';

const FUNCTIONS = join(import.meta.dirname, '../../../functions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Where a rule id is emitted: a `rule:` field or type, or the first argument of a sink call, which may sit on the next line. */
const EMISSION = /(?:\brule\b\s*[:=]|\.add\(|\.report\(|rejectFile\(\s*file,|reportIssues\(sink,)[^;]*/gs;
/** A kebab-case literal that is not the right-hand side of a comparison ("too-large" in `x === 'too-large' ? …`). */
const RULE_LITERAL = /(?<![=!]==\s*)'([a-z]+(?:-[a-z]+)+)'/g;

/** Every rule id the code emits, found by reading functions/, with the files that emit it. */
function emittedRules(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(FUNCTIONS)) {
    if (file.includes(`${join('parse', 'messages')}`) || file.endsWith(join('parse', 'rules.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const emission of text.matchAll(EMISSION)) {
      // A call's arguments up to its first ')' or the statement's end are enough to see the rule.
      const window = emission[0].slice(0, 200);
      for (const literal of window.matchAll(RULE_LITERAL)) {
        const rule = literal[1]!;
        found.set(rule, [...(found.get(rule) ?? []), file.slice(FUNCTIONS.length + 1)]);
      }
    }
  }
  return found;
}

describe('rule ids', () => {
  const emitted = emittedRules();

  it('finds the rules raised by the parser and by ingest', () => {
    for (const rule of ['out-of-range', 'malformed-csv', 'expands-too-large', 'client-mismatch', 'duplicate-content', 'key-layout', 'file-too-large']) {
      expect([...emitted.keys()], rule).toContain(rule);
    }
  });

  it('knows every rule the code emits, with a sentence and a fix in Swedish and English', () => {
    for (const [rule, files] of emitted) {
      expect(Object.keys(RULES), `${rule} (emitted in ${files.join(', ')}) is missing from RULES`).toContain(rule);
      for (const locale of ['sv', 'en'] as const) {
        const text = ruleText(rule, locale);
        expect(text, `${rule} has no ${locale} text`).toBeDefined();
        expect(text?.sentence({}).length, `${rule} ${locale}`).toBeGreaterThan(0);
        expect(text?.fix.length, `${rule} ${locale}`).toBeGreaterThan(0);
      }
    }
  });

  it('lists no rule in RULES that nothing emits', () => {
    expect(Object.keys(RULES).filter((rule) => !emitted.has(rule))).toEqual([]);
  });

  it('has exactly the rules of RULES in each language', () => {
    for (const locale of ['sv', 'en'] as const) expect(Object.keys(RULE_MESSAGES[locale]).sort()).toEqual(Object.keys(RULES).sort());
  });
});
