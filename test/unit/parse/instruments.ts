import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instrumentDefinitionSchema, type InstrumentDefinition } from '../../../functions/core/model/index.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'files');

/** The built-in instruments, read from report-templates exactly as shipped. */
export function builtInInstruments(): ReadonlyMap<string, InstrumentDefinition> {
  const dir = join(REPO_ROOT, 'report-templates', 'instruments');
  const definitions = readdirSync(dir)
    .filter((f) => f.endsWith('.instrument.json'))
    .map((f) => instrumentDefinitionSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  return new Map(definitions.map((d) => [d.id, d]));
}
