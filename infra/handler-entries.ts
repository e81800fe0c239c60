import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAGES = ['ingest', 'compute', 'render', 'deliver', 'api', 'feedback'] as const;
export type Stage = (typeof STAGES)[number];

/** Repository root: holds package.json, package-lock.json and functions/. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Test-only escape hatch while handlers are written in parallel: when set to "1", a stage whose
 * `functions/<stage>/handler.ts` does not exist yet is built from `infra/test-stubs/<stage>.ts`.
 * Never set for a real synth or deploy, where a missing handler is an error.
 */
export const STUB_ENV = 'EFFEKT_INFRA_STUB_MISSING_HANDLERS';

export interface HandlerEntry {
  stage: Stage;
  entry: string;
  stub: boolean;
}

export function handlerEntry(stage: Stage, env: NodeJS.ProcessEnv = process.env): HandlerEntry {
  const entry = join(PROJECT_ROOT, 'functions', stage, 'handler.ts');
  if (existsSync(entry)) return { stage, entry, stub: false };
  const stub = join(PROJECT_ROOT, 'infra', 'test-stubs', `${stage}.ts`);
  if (env[STUB_ENV] === '1' && existsSync(stub)) return { stage, entry: stub, stub: true };
  throw new Error(`Handler entry for stage "${stage}" not found: ${entry} must exist and export \`handler\`.`);
}
